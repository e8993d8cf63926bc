package io.bankbus.messagepassing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger shard the shard tests work on, on one local Vert.x standing in for several nodes: each "node" is a
 * name, with its copies verticle; the members are a set the test changes; the claims live in a local map.
 */
final class LocalShard {
  static final int SHARD = 3;

  final Vertx vertx;
  final long windowMs;
  final Set<String> members = ConcurrentHashMap.newKeySet();

  LocalShard(Vertx vertx, long windowMs) {
    this.vertx = vertx;
    this.windowMs = windowMs;
  }

  ShardClaims claims(String node) {
    return new ShardClaims(vertx, node);
  }

  /** Node {@code node} joins: a member, holding copies of the shards it follows. */
  Future<ShardCopiesVerticle> join(String node) {
    members.add(node);
    ShardCopiesVerticle copies = new ShardCopiesVerticle(node, windowMs);
    return vertx.deployVerticle(copies).map(copies);
  }

  /** Node {@code node} claims the shard (never claimed before) and starts its owner, epoch 1, empty. */
  Future<String> firstOwner(String node) {
    members.add(node);
    return claims(node).claimAll(java.util.List.of(SHARD)).compose(won -> owner(node, 1, new Ledger(windowMs)));
  }

  /** An owner of the shard on node {@code node} at {@code epoch}, starting from {@code from}. */
  Future<String> owner(String node, long epoch, Ledger from) {
    return vertx.deployVerticle(new LedgerShardVerticle(SHARD, windowMs,
        vx -> new FollowerDurability(vx, SHARD, node, claims(node), () -> Set.copyOf(members), epoch, from)));
  }
}
