package io.bankbus.messagepassing;

import io.bankbus.cashier.NodeSite;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger shards one node owns or follows: claims the selected shards when the node starts and deploys their
 * owners; holds the copies of the shards it follows ({@link ShardCopiesVerticle}); takes a shard over from its
 * copy when the shard's owner leaves ({@link ShardTakeovers}); and, when this node leaves, hands each shard it
 * owns to its follower, which starts it from its copy at the next epoch.
 */
final class ShardOwnership {
  private static final Logger LOG = LoggerFactory.getLogger(ShardOwnership.class);
  /** How often a node looks at the claims for shards to take over. */
  static final long KEEPER_PERIOD_MS = 250;

  private final ShardSelection selection;
  // Written from the deploying context and from the keeper's: concurrent.
  private final Map<Integer, String> owners = new ConcurrentHashMap<>();
  private final Set<Integer> starting = ConcurrentHashMap.newKeySet();
  private final Set<Integer> reportedLost = Collections.synchronizedSet(new HashSet<>());
  private NodeSite node;
  private ShardClaims claims;
  private ShardCopiesVerticle copies;
  private String copiesDeployment;
  /** Set when the node leaves: a look still under way must not start a shard this node is handing over. */
  private volatile boolean stopping;

  ShardOwnership(ShardSelection selection) {
    this.selection = selection;
  }

  /** Hosts copies, claims the selected shards (all of them, or those never claimed), deploys their owners. */
  Future<Void> start(NodeSite site) {
    node = site;
    claims = new ShardClaims(site.vertx(), site.nodeId());
    copies = new ShardCopiesVerticle(site.nodeId(), site.rules().dedupWindowMs());
    List<Integer> candidates = selection.candidates(site.rules().ledgerShards());
    return site.vertx().deployVerticle(copies).compose(id -> {
      copiesDeployment = id;
      return selection.auto() ? claims.claimFree(candidates) : claims.claimAll(candidates);
    }).compose(claimed -> {
      Future<Void> chain = Future.succeededFuture();
      for (int shard : claimed) {
        chain = chain.compose(v -> deployOwner(shard, 1, new Ledger(site.rules().dedupWindowMs())));
      }
      if (site.clustered()) {
        chain = chain.compose(v -> site.deploy(new ShardKeeperVerticle(KEEPER_PERIOD_MS, this::look)));
      }
      return chain;
    });
  }

  List<Integer> owned() {
    List<Integer> owned = new ArrayList<>(owners.keySet());
    Collections.sort(owned);
    return owned;
  }

  /** One look at the claims: takes over or starts what {@link ShardTakeovers} says this node must. */
  private Future<Void> look() {
    return claims.all().compose(all -> {
      if (stopping) {
        return Future.succeededFuture();
      }
      Set<Integer> running = new HashSet<>(owners.keySet());
      running.addAll(starting);
      Future<Void> chain = Future.succeededFuture();
      for (ShardTakeovers.Action action : ShardTakeovers.decide(all, node.members().get(), node.nodeId(), running)) {
        chain = chain.compose(v -> act(action).recover(failed -> {
          if (reportedLost.add(action.shard())) {
            LOG.error("ledger shard {} could not be started here ({}): {}", action.shard(), action.kind(),
                failed.getMessage());
          }
          return Future.succeededFuture();
        }));
      }
      return chain;
    });
  }

  private Future<Void> act(ShardTakeovers.Action action) {
    if (stopping) {
      return Future.succeededFuture();
    }
    int shard = action.shard();
    ShardClaim claim = action.from();
    switch (action.kind()) {
      case LOST -> {
        if (reportedLost.add(shard)) {
          LOG.error("ledger shard {} is lost: its owner {} and its follower {} have both left, and no other node"
              + " holds a copy; it stays unavailable", shard, claim.owner(), claim.follower());
        }
        return Future.succeededFuture();
      }
      case TAKE_OVER -> {
        ShardClaim next = claim.takenOverByFollower();
        starting.add(shard);
        return copies.holds(shard, claim.epoch())
            .compose(held -> held ? claims.replace(shard, claim, next) : Future.failedFuture(
                "this node follows it but holds no copy of epoch " + claim.epoch()))
            .compose(won -> won ? startFromCopy(shard, next) : Future.succeededFuture())
            .andThen(done -> starting.remove(shard));
      }
      case START_HANDED_OVER -> {
        starting.add(shard);
        return startFromCopy(shard, claim).andThen(done -> starting.remove(shard));
      }
      default -> throw new IllegalStateException("unknown action " + action);
    }
  }

  /** Owns {@code shard} at the epoch of {@code claim}, from the copy this node holds of the epoch before. */
  private Future<Void> startFromCopy(int shard, ShardClaim claim) {
    long held = claim.epoch() - 1;
    return copies.take(shard, held)
        .compose(ledger -> deployOwner(shard, claim.epoch(), ledger)
            .recover(failed -> copies.putBack(shard, held, ledger).transform(v -> Future.failedFuture(failed))))
        .onSuccess(v -> LOG.info("took ledger shard {} over from its copy, epoch {}", shard, claim.epoch()));
  }

  private Future<Void> deployOwner(int shard, long epoch, Ledger from) {
    LedgerShardVerticle owner = new LedgerShardVerticle(shard, node.rules().dedupWindowMs(),
        vertx -> new FollowerDurability(vertx, shard, node.nodeId(), claims, node.members(), epoch, from));
    return node.vertx().deployVerticle(owner).map(id -> {
      owners.put(shard, id);
      return null;
    });
  }

  /**
   * Each owned shard in turn: its owner finishes what it is making durable, then the shard is handed to its
   * follower (the next epoch), which starts it from its copy. Then this node stops holding copies.
   */
  Future<Void> stop() {
    stopping = true;
    Future<Void> chain = copies == null ? Future.succeededFuture() : copies.unlist();
    for (Map.Entry<Integer, String> owner : Map.copyOf(owners).entrySet()) {
      int shard = owner.getKey();
      chain = chain.compose(v -> node.vertx().undeploy(owner.getValue()).recover(failure -> {
        LOG.warn("undeploying ledger shard {} failed: {}", shard, failure.getMessage());
        return Future.succeededFuture();
      })).compose(v -> {
        owners.remove(shard);
        return handOver(shard).recover(failure -> {
          LOG.warn("handing ledger shard {} over failed: {}", shard, failure.getMessage());
          return Future.succeededFuture();
        });
      });
    }
    return chain.compose(v -> copiesDeployment == null ? Future.succeededFuture()
        : node.vertx().undeploy(copiesDeployment).otherwiseEmpty());
  }

  private Future<Void> handOver(int shard) {
    return claims.get(shard).compose(claim -> {
      if (claim == null || !claim.ownedBy(node.nodeId())) {
        return Future.succeededFuture();
      }
      if (claim.follower() == null || !node.members().get().contains(claim.follower())) {
        LOG.warn("ledger shard {} leaves with this node: it has no follower to hand it to", shard);
        return Future.succeededFuture();
      }
      return claims.replace(shard, claim, claim.takenOverByFollower()).<Void>mapEmpty();
    });
  }
}
