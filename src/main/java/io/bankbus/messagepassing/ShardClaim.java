package io.bankbus.messagepassing;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Who holds one ledger shard: its owner (the only node that applies and answers), its follower (the node that
 * holds a copy of every batch the owner acknowledged, or {@code null}), and the epoch, raised at every change of
 * owner. Kept in a clustered map and changed only by compare-and-set, so two nodes never both believe a change
 * of theirs went through. A follower refuses batches of an older epoch: an owner that was replaced cannot get
 * anything acknowledged any more.
 */
public record ShardClaim(String owner, String follower, long epoch) {
  public ShardClaim {
    Objects.requireNonNull(owner, "owner");
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be positive, got " + epoch);
    }
    if (owner.equals(follower)) {
      throw new IllegalArgumentException("a shard's owner cannot be its own follower: " + owner);
    }
  }

  /** A shard's first claim: owned by {@code owner}, no follower yet. */
  public static ShardClaim first(String owner) {
    return new ShardClaim(owner, null, 1);
  }

  /** The follower takes the shard over: it owns the next epoch, and has no follower yet. */
  public ShardClaim takenOverByFollower() {
    if (follower == null) {
      throw new IllegalStateException("no follower to take over from " + owner);
    }
    return new ShardClaim(follower, null, epoch + 1);
  }

  /**
   * The owner hands the shard to its follower on purpose and stays on as the follower: the follower owns the next
   * epoch, and the old owner, which holds the ledger as it left it, follows.
   */
  public ShardClaim handedToFollower() {
    if (follower == null) {
      throw new IllegalStateException("no follower to hand over to from " + owner);
    }
    return new ShardClaim(follower, owner, epoch + 1);
  }

  public ShardClaim withFollower(String next) {
    return new ShardClaim(owner, next, epoch);
  }

  public boolean ownedBy(String node) {
    return owner.equals(node);
  }

  public boolean followedBy(String node) {
    return node.equals(follower);
  }

  public String encode() {
    JsonObject json = new JsonObject().put("owner", owner).put("epoch", epoch);
    if (follower != null) {
      json.put("follower", follower);
    }
    return json.encode();
  }

  public static ShardClaim decode(String text) {
    JsonObject json = new JsonObject(text);
    return new ShardClaim(json.getString("owner"), json.getString("follower"), json.getLong("epoch"));
  }
}
