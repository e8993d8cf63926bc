package io.bankbus.messagepassing;

import io.bankbus.cashier.NodeSite;
import io.bankbus.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
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
  /**
   * How long after taking a shard over (or stepping aside) a node hands none on to even the counts out. Right
   * after a death, the owners are filling new followers, and a hand-over would stall its shard once more for
   * another fill: measured in a chaos run, three shards handed on within 3 s of the kill, each after its refill.
   */
  static final long SPREAD_SETTLE_MS = 5_000;
  /** How long a shard's owner may take to fill the node it is handing the shard to. */
  static final long FOLLOW_TIMEOUT_MS = 10_000;

  private final ShardSelection selection;
  /** What this node's owners answered, second by second: a partitioned run asks the cut-off nodes. */
  private final LedgerAnswers answers = new LedgerAnswers();
  // Written from the deploying context and from the keeper's: concurrent.
  private final Map<Integer, Owner> owners = new ConcurrentHashMap<>();
  private final Set<Integer> starting = ConcurrentHashMap.newKeySet();
  private final Set<Integer> reportedLost = Collections.synchronizedSet(new HashSet<>());
  private NodeSite node;
  private ShardClaims claims;
  /** The nodes that hold copies, looked up once a look and shared with this node's owners. */
  private CopyHosts copyHosts;
  private ShardCopiesVerticle copies;
  private String copiesDeployment;
  /** Set when the node leaves: a look still under way must not start a shard this node is handing over. */
  private volatile boolean stopping;
  /** Whether this node sees a majority of the bank's nodes ({@link Majority}); refreshed at every look. */
  private volatile boolean majority = true;
  /** The hand-over under way to spread the shards, if any: one at a time. */
  private volatile Future<Void> moving;
  /** The claims the last look read: a takeover after a death starts from them ({@link #look}). */
  private volatile Map<Integer, ShardClaim> lastClaims;
  /** When this node last took a shard over, started one handed to it, or stepped aside; long ago at first. */
  private volatile long lastActedNanos = System.nanoTime() - 2 * SPREAD_SETTLE_MS * 1_000_000;

  /** An owner running on this node: its deployment, the verticle, and how it makes batches durable. */
  private record Owner(String deployment, LedgerShardVerticle verticle, FollowerDurability durability) {
  }

  ShardOwnership(ShardSelection selection) {
    this.selection = selection;
  }

  /** Hosts copies, claims the selected shards (all of them, or those never claimed), deploys their owners. */
  Future<Void> start(NodeSite site) {
    PauseWatch.start();
    node = site;
    claims = new ShardClaims(site.vertx(), site.nodeId());
    copyHosts = new CopyHosts(site.vertx(), site.members());
    copies = new ShardCopiesVerticle(site.nodeId(), site.rules().dedupWindowMs());
    List<Integer> candidates = selection.candidates(site.rules().ledgerShards());
    majority = site.expectedNodes() <= 0;
    return site.vertx().deployVerticle(copies).compose(id -> {
      copiesDeployment = id;
      return copyHosts.lookUp();
    }).compose(hosts -> {
      countMajority(hosts);
      return selection.auto() ? claims.claimFree(candidates) : claims.claimAll(candidates);
    }).compose(claimed -> {
      Future<Void> chain = Future.succeededFuture();
      for (int shard : claimed) {
        chain = chain.compose(v -> deployOwner(shard, 1, new Ledger(site.rules().dedupWindowMs())));
      }
      if (site.clustered()) {
        chain = chain.compose(v -> site.deploy(new NodeFiguresVerticle(Addresses.ledgerAnswers(site.nodeId()),
                site.nodeId(), () -> new JsonObject().put("seconds", answers.toJson(System.currentTimeMillis())))))
            .compose(v -> site.deploy(new ShardKeeperVerticle(KEEPER_PERIOD_MS, this::look, node.members(),
                this::departed)));
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
    long lookNanos = System.nanoTime();
    long[] readNanos = {0};
    return copyHosts.current().compose(hosts -> {
      countMajority(hosts);
      readNanos[0] = System.nanoTime();
      return majority ? claims.all().onSuccess(read -> lastClaims = read) : Future.succeededFuture(null);
    }).compose(all -> {
      if (stopping || all == null) {
        return Future.succeededFuture();
      }
      if (lastActedNanos - readNanos[0] > 0) {
        // A departure was acted on while these claims were read (departed): they may be older than what
        // this node now runs (an owner just started would look like one to step aside). The next look reads again.
        return Future.succeededFuture();
      }
      List<ShardTakeovers.Action> actions = ShardTakeovers.decide(all, node.members().get(), node.nodeId(), running());
      if (actions.isEmpty()) {
        return spread(all, copyHosts.recent());
      }
      return Future.all(act(actions, "", lookNanos)).mapEmpty();
    });
  }

  /**
   * Nodes have left the cluster: the shards they owned that this node follows are taken over at once, from the
   * claims the last look read, without reading the claims again. Why: right after a member dies, reading every
   * claim waits for Hazelcast to repair its partitions (measured in a chaos run: 0.5-1 s, most of the time to a
   * takeover). A stale claim costs nothing: the takeover is a compare-and-set against the claim as read, and
   * loses if it changed. Runs on the keeper's event loop, as the looks do.
   */
  private void departed(Set<String> gone) {
    Map<Integer, ShardClaim> before = lastClaims;
    if (stopping || before == null || PauseWatch.recentlyPaused()) {
      return;
    }
    countMajority(copyHosts.recent());          // without the nodes that just left: cut off in a minority, no takeover
    if (!majority) {
      return;
    }
    long now = System.nanoTime();
    List<ShardTakeovers.Action> takeovers = ShardTakeovers.decide(before, node.members().get(), node.nodeId(),
        running()).stream().filter(a -> a.kind() == ShardTakeovers.Kind.TAKE_OVER).toList();
    act(takeovers, "at once (" + gone + " left)", now);
  }

  /** The shards whose owner runs on this node or is being started. */
  private Set<Integer> running() {
    Set<Integer> running = new HashSet<>(owners.keySet());
    running.addAll(starting);
    return running;
  }

  /**
   * Does {@code actions} all at once, not one after another: each waits mostly for Hazelcast and for its new
   * follower's ack, and the shards of a dead node are all unavailable until taken over.
   */
  private List<Future<Void>> act(List<ShardTakeovers.Action> actions, String why, long lookNanos) {
    if (actions.isEmpty() || stopping) {
      return List.of();
    }
    lastActedNanos = System.nanoTime();
    LOG.info("ledger shards to take over, start or step aside here{}: {} ({} ms after it began)",
        why.isEmpty() ? "" : " " + why, actions.stream().map(a -> a.shard() + " " + a.kind()).toList(),
        (lastActedNanos - lookNanos) / 1_000_000);
    List<Future<Void>> acted = new ArrayList<>();
    for (ShardTakeovers.Action action : actions) {
      acted.add(act(action).recover(failed -> {
        if (stopping) {
          // This node is shutting down and undeployed the shard's verticle as it started: not a loss.
          LOG.info("ledger shard {} not started here ({}): this node is shutting down ({})", action.shard(),
              action.kind(), failed.getMessage());
        } else if (reportedLost.add(action.shard())) {
          LOG.error("ledger shard {} could not be started here ({}): {}", action.shard(), action.kind(),
              failed.getMessage());
        }
        return Future.succeededFuture();
      }));
    }
    return acted;
  }

  /**
   * Starts handing one shard to a node that owns fewer ({@link ShardSpread}), unless a hand-over is under way;
   * does not wait for it, so that a takeover is never held up behind a hand-over.
   */
  private Future<Void> spread(Map<Integer, ShardClaim> all, List<String> hosts) {
    if (stopping || moving != null || !starting.isEmpty()
        || System.nanoTime() - lastActedNanos < SPREAD_SETTLE_MS * 1_000_000) {
      return Future.succeededFuture();
    }
    ShardSpread.next(node.rules().ledgerShards(), all, hosts, node.nodeId()).filter(m -> owners.containsKey(m.shard()))
        .ifPresent(m -> {
          Future<Void> move = move(m, owners.get(m.shard())).andThen(done -> moving = null);
          moving = move;
        });
    return Future.succeededFuture();
  }

  /**
   * Hands {@code m.shard()} to {@code m.to()} with no operation failing: the owner first makes the receiver its
   * follower (filled with the whole ledger, then fed every batch), then stops taking operations and drains, then
   * the claim passes to the receiver at the next epoch with this node as its follower, holding the ledger as it
   * left it. Meanwhile cashiers find no owner and resend ({@link ShardedTeller}). If this node dies before the
   * claim changed, the receiver, its follower, takes over as after any death.
   */
  private Future<Void> move(ShardSpread.Move m, Owner owner) {
    int shard = m.shard();
    LOG.info("handing ledger shard {} to node {}: it owns fewer shards", shard, m.to());
    starting.add(shard);                         // no look may restart or stop it while it changes hands
    owner.durability().prefer(m.to());
    return followedBy(owner.durability(), m.to())
        .compose(v -> claims.get(shard))
        .compose(claim -> {
          if (stopping || claim == null || !claim.ownedBy(node.nodeId()) || !claim.followedBy(m.to())) {
            return Future.failedFuture("the claim is now " + (claim == null ? "gone" : claim.encode()));
          }
          return stepDown(shard).compose(left -> {
            ShardClaim next = claim.handedToFollower();
            return claims.replace(shard, claim, next).compose(won -> won ? copies.putBack(shard, next.epoch(), left)
                : deployOwner(shard, claim.epoch(), left));
          });
        })
        .onSuccess(v -> LOG.info("handed ledger shard {} to node {}", shard, m.to()))
        .andThen(done -> starting.remove(shard))
        .recover(failed -> {
          owner.durability().prefer(null);
          LOG.warn("handing ledger shard {} to node {} did not happen: {}", shard, m.to(), failed.getMessage());
          return Future.succeededFuture();
        });
  }

  /** Completes once {@code target} holds the copy of the shard, or fails after {@link #FOLLOW_TIMEOUT_MS}. */
  private Future<Void> followedBy(FollowerDurability durability, String target) {
    Promise<Void> followed = Promise.promise();
    long deadline = System.nanoTime() + FOLLOW_TIMEOUT_MS * 1_000_000;
    node.vertx().setPeriodic(50, id -> {
      if (target.equals(durability.follower())) {
        node.vertx().cancelTimer(id);
        followed.tryComplete();
      } else if (stopping || System.nanoTime() > deadline) {
        node.vertx().cancelTimer(id);
        followed.tryFail("node " + target + " was not filled within " + FOLLOW_TIMEOUT_MS + " ms");
      }
    });
    return followed.future();
  }

  /**
   * Whether this node sees a majority of the bank's nodes, from the live nodes that can own shards; logs each
   * change. Without one it takes nothing over and its owners acknowledge nothing ({@link FollowerDurability}).
   */
  private void countMajority(List<String> hosts) {
    boolean now = Majority.holds(hosts.size(), node.expectedNodes());
    if (now != majority) {
      if (now) {
        LOG.warn("this node sees {} of the bank's {} nodes again, a majority: its shard owners answer again",
            hosts.size(), node.expectedNodes());
      } else {
        LOG.warn("NO MAJORITY: this node sees {} of the bank's {} nodes; until it sees a majority, it takes no shard"
            + " over and its shard owners answer UNAVAILABLE", hosts.size(), node.expectedNodes());
      }
    }
    majority = now;
  }

  /** Undeploys the owner of {@code shard}: it drains first. Completes with the ledger it left. */
  private Future<Ledger> stepDown(int shard) {
    Owner owner = owners.get(shard);
    return node.vertx().undeploy(owner.deployment()).map(v -> {
      owners.remove(shard);
      return owner.verticle().ledger();
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
        if (PauseWatch.recentlyPaused()) {
          return Future.succeededFuture();          // its view of who left may be stale: look again later
        }
        ShardClaim next = claim.takenOverByFollower();
        starting.add(shard);
        long startedNanos = System.nanoTime();
        return copies.holds(shard, claim.epoch())
            .compose(held -> held ? claims.replace(shard, claim, next) : Future.failedFuture(
                "this node follows it but holds no copy of epoch " + claim.epoch()))
            .compose(won -> {
              long claimedNanos = System.nanoTime();
              return !won ? Future.<Void>succeededFuture() : startFromCopy(shard, next).onSuccess(v -> LOG.info(
                  "ledger shard {}: the takeover took {} ms, {} of them to win the claim", shard,
                  (System.nanoTime() - startedNanos) / 1_000_000, (claimedNanos - startedNanos) / 1_000_000));
            })
            .andThen(done -> starting.remove(shard));
      }
      case STEP_ASIDE -> {
        if (!owners.containsKey(shard)) {
          return Future.succeededFuture();          // only being started: its start will fail on the claim
        }
        LOG.error("ledger shard {} steps aside on this node: node {} owns it now, at epoch {}", shard, claim.owner(),
            claim.epoch());
        return stepDown(shard).mapEmpty();
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
    FollowerDurability durability = new FollowerDurability(node.vertx(), shard, node.nodeId(), claims,
        node.members(), copyHosts, epoch, from, () -> majority);
    LedgerShardVerticle owner = new LedgerShardVerticle(shard, node.rules().dedupWindowMs(), vertx -> durability,
        answers);
    return node.vertx().deployVerticle(owner).map(id -> {
      owners.put(shard, new Owner(id, owner, durability));
      return null;
    });
  }

  /**
   * Each owned shard in turn: its owner finishes what it is making durable, then the shard is handed to its
   * follower (the next epoch), which starts it from its copy. Then this node stops holding copies.
   */
  /** The node is shutting down: take, start or hand over nothing more (its verticles are about to go). */
  void closing() {
    stopping = true;
  }

  Future<Void> stop() {
    closing();
    // Not waiting for a hand-over under way: it stops before its owner stops taking operations once it sees
    // `stopping` (or never goes on, if its timer went with the keeper), and one past that point has already
    // removed its shard from `owners`.
    Future<Void> chain = copies == null ? Future.succeededFuture() : copies.unlist();
    for (Map.Entry<Integer, Owner> owner : Map.copyOf(owners).entrySet()) {
      int shard = owner.getKey();
      chain = chain.compose(v -> node.vertx().undeploy(owner.getValue().deployment()).recover(failure -> {
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
