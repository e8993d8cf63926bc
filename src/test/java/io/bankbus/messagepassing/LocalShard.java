package io.bankbus.messagepassing;

import io.vertx.core.Vertx;

/**
 * The ledger shard the shard tests work on, on a local Vert.x: with no Hazelcast, its SharedData map stands in
 * for the replicated one.
 */
final class LocalShard {
  static final int SHARD = 3;

  private LocalShard() {
  }

  /** The shard's log. */
  static ShardLog log(Vertx vertx) {
    return new ShardLog(vertx, null, SHARD);
  }

  /** An owner of the shard, on node {@code nodeId}, remembering ids for {@code windowMs}. */
  static LedgerShardVerticle owner(String nodeId, long windowMs) {
    return new LedgerShardVerticle(SHARD, nodeId, null, windowMs);
  }
}
