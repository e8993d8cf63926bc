package io.bankbus.messagepassing;

/**
 * Which ledger shard owns an account. {@link String#hashCode()} is specified by the JLS, so every JVM in the
 * cluster computes the same owner for the same id.
 *
 * <p>The hash is mixed before it is reduced to a shard. Taken plain, {@code hashCode mod shards} leaves every
 * account of a shard with the same low bits, and a shard's own {@code HashMap} of balances picks buckets by those
 * bits: with 16 shards its accounts crowded into a sixteenth of the buckets (18 in the fullest, for 1000 ids of
 * the load's form), which Java turns into trees. Looking balances up in those trees was 4 % of a node's samples
 * (docs/benchmarks.md).
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
    return Math.floorMod(mix(account.hashCode()), shards);
  }

  public int shards() {
    return shards;
  }

  /** MurmurHash3's 32-bit finaliser: every input bit moves about half the output bits. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
