package io.bankbus.messagepassing;

/**
 * Which ledger shard owns an account. {@link String#hashCode()} is specified by the JLS, so every JVM in the
 * cluster computes the same owner for the same id.
 */
public final class ShardMap {
  private final int shards;

  public ShardMap(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, got " + shards);
    }
    this.shards = shards;
  }

  public int shardOf(String account) {
    return Math.floorMod(account.hashCode(), shards);
  }

  public int shards() {
    return shards;
  }
}
