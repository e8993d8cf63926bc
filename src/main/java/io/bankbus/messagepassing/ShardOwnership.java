package io.bankbus.messagepassing;

import com.hazelcast.core.HazelcastInstance;
import io.bankbus.cashier.NodeSite;
import io.vertx.core.Future;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger shards one node owns: claims them when the node starts, deploys their owners, adopts the shards
 * of departed nodes (through a {@link ShardKeeperVerticle}), and gives every claim back when the node leaves,
 * so another node adopts the shard while this one is still going.
 */
final class ShardOwnership {
  private static final Logger LOG = LoggerFactory.getLogger(ShardOwnership.class);
  /** How often a shard-owning node looks for shards whose owner left, to adopt them. */
  static final long KEEPER_PERIOD_MS = 500;

  private final ShardSelection selection;
  // Written from the deploying context and from the shard keeper's: synchronized.
  private final List<Integer> owned = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> deployments = new ConcurrentHashMap<>();
  private NodeSite node;
  private ShardClaims claims;

  ShardOwnership(ShardSelection selection) {
    this.selection = selection;
  }

  /** Claims the selected shards (all of them, or those still free) and deploys their owners, then the keeper. */
  Future<Void> start(NodeSite site) {
    node = site;
    claims = new ShardClaims(site.vertx(), site.nodeId(), site.members());
    List<Integer> candidates = selection.candidates(site.rules().ledgerShards());
    return (selection.auto() ? claims.claimFree(candidates) : claims.claimAll(candidates)).compose(claimed -> {
      owned.addAll(claimed);
      Future<Void> chain = Future.succeededFuture();
      for (int shard : claimed) {
        chain = chain.compose(v -> deployOwner(shard));
      }
      if (site.clustered()) {
        chain = chain.compose(v -> site.deploy(new ShardKeeperVerticle(claims, site.rules().ledgerShards(),
            KEEPER_PERIOD_MS, this::adopt)));
      }
      return chain;
    });
  }

  List<Integer> owned() {
    return List.copyOf(owned);
  }

  /** Deploys the owner of an orphaned shard this node just claimed; gives the claim back if that fails. */
  private Future<Void> adopt(int shard) {
    return deployOwner(shard)
        .onSuccess(v -> owned.add(shard))
        .recover(failure -> claims.release(List.of(shard)).transform(v -> Future.failedFuture(failure)));
  }

  private Future<Void> deployOwner(int shard) {
    return node.vertx().deployVerticle(new LedgerShardVerticle(shard, node.nodeId(), hazelcast(),
        node.rules().dedupWindowMs())).map(id -> {
          deployments.put(id, shard);
          return null;
        });
  }

  /** The cluster's Hazelcast instance, or {@code null} on a local Vert.x or another cluster manager. */
  private HazelcastInstance hazelcast() {
    return node.clusterManager() instanceof HazelcastClusterManager hz ? hz.getHazelcastInstance() : null;
  }

  /**
   * Each shard in turn: its owner finishes the batch it is logging, and its claim is given back at once, so
   * another node adopts it while this one is still leaving.
   */
  Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Integer> shard : Map.copyOf(deployments).entrySet()) {
      chain = chain.compose(v -> node.vertx().undeploy(shard.getKey()).recover(failure -> {
        LOG.warn("undeploying ledger shard {} failed: {}", shard.getValue(), failure.getMessage());
        return Future.succeededFuture();
      })).compose(v -> {
        deployments.remove(shard.getKey());
        owned.remove(shard.getValue());
        return claims.release(List.of(shard.getValue())).recover(failure -> {
          LOG.warn("giving back ledger shard {} failed: {}", shard.getValue(), failure.getMessage());
          return Future.succeededFuture();
        });
      });
    }
    return chain;
  }
}
