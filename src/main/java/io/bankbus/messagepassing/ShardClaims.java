package io.bankbus.messagepassing;

import io.bankbus.protocol.ClusterNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link ShardClaim} of every ledger shard, in a clustered map, changed only by compare-and-set: a node
 * starting first claims a shard nobody ever claimed ({@code putIfAbsent}); afterwards a claim changes only from
 * the value a node read to the value it computed from it, so two nodes never both believe their change went
 * through. Claims are never on the path of an operation.
 */
public final class ShardClaims {
  private final Vertx vertx;
  private final String nodeId;

  public ShardClaims(Vertx vertx, String nodeId) {
    this.vertx = vertx;
    this.nodeId = nodeId;
  }

  /** Claims every shard of {@code wanted} that was never claimed; the result lists those this node now owns. */
  public Future<List<Integer>> claimFree(List<Integer> wanted) {
    return map().compose(map -> {
      Future<List<Integer>> chain = Future.succeededFuture(new ArrayList<>());
      String mine = ShardClaim.first(nodeId).encode();
      for (int shard : wanted) {
        chain = chain.compose(owned -> claimOnce(map, shard, mine, CLAIM_TRIES).map(previous -> {
          if (previous == null || previous.equals(mine)) {   // equal: an earlier try of ours that did go through
            owned.add(shard);
          }
          return owned;
        }));
      }
      return chain;
    });
  }

  /** Tries of one first claim: a write whose backup did not answer in time fails, although it may have gone through. */
  private static final int CLAIM_TRIES = 5;

  private static Future<String> claimOnce(AsyncMap<Integer, String> map, int shard, String mine, int tries) {
    return map.putIfAbsent(shard, mine).recover(failed -> tries > 1 ? claimOnce(map, shard, mine, tries - 1)
        : Future.failedFuture(failed));
  }

  /** Claims all of {@code wanted} or fails naming those already claimed (and gives back the ones it got). */
  public Future<List<Integer>> claimAll(List<Integer> wanted) {
    return claimFree(wanted).compose(owned -> {
      if (owned.size() == wanted.size()) {
        return Future.succeededFuture(owned);
      }
      List<Integer> missing = new ArrayList<>(wanted);
      missing.removeAll(owned);
      return map().compose(map -> {
        Future<Void> chain = Future.succeededFuture();
        for (int shard : owned) {
          chain = chain.compose(v -> map.removeIfPresent(shard, ShardClaim.first(nodeId).encode()).mapEmpty());
        }
        return chain;
      }).transform(ignored -> Future.failedFuture(new IllegalStateException(
          "ledger shards " + missing + " are already owned by another node of this bank")));
    });
  }

  public Future<ShardClaim> get(int shard) {
    return map().compose(map -> map.get(shard)).map(text -> text == null ? null : ShardClaim.decode(text));
  }

  public Future<Map<Integer, ShardClaim>> all() {
    return map().compose(AsyncMap::entries).map(entries -> {
      Map<Integer, ShardClaim> claims = new HashMap<>();
      entries.forEach((shard, text) -> claims.put(shard, ShardClaim.decode(text)));
      return claims;
    });
  }

  /** Sets {@code next} if the claim is still {@code expected}; completes with whether it was. */
  public Future<Boolean> replace(int shard, ShardClaim expected, ShardClaim next) {
    return map().compose(map -> map.replaceIfPresent(shard, expected.encode(), next.encode()));
  }

  private Future<AsyncMap<Integer, String>> map() {
    return vertx.sharedData().getAsyncMap(ClusterNames.SHARD_OWNERS_MAP);
  }
}
