package io.bankbus.node;

import io.bankbus.cashier.CashierVerticle;
import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.Clustering;
import io.bankbus.ledger.LedgerShardVerticle;
import io.bankbus.ledger.ShardClaims;
import io.bankbus.ledger.ShardMap;
import io.bankbus.ledger.ShardedTeller;
import io.bankbus.queue.BranchVerticle;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.RulesBoard;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public entry point: one bank node, started and deployed from code.
 *
 * <pre>{@code
 * BankNode.start(ClusterOptions.defaults(), NodeOptions.defaults().withCashiers(2))
 *     .onSuccess(node -> System.out.println(node.describe()));
 * }</pre>
 *
 * <p>{@link #start} joins the cluster and deploys; {@link #deploy} deploys onto a Vert.x you built yourself
 * (clustered, or local for a bank in one JVM). Deployment order matters: the rules are adopted first, then
 * ledger shards are claimed and their owners deployed, then the branch, then the cashiers, so that every
 * address a verticle sends to is registered before the verticle can be reached.
 */
public final class BankNode {
  private static final Logger LOG = LoggerFactory.getLogger(BankNode.class);

  private final Vertx vertx;
  private final ClusterManager clusterManager;
  private final boolean ownsVertx;
  private final String nodeId;
  private final NodeOptions options;
  private final List<String> deployments = new ArrayList<>();
  private final List<Integer> ownedShards = new ArrayList<>();
  private BankRules rules;
  private ShardClaims claims;

  private BankNode(Vertx vertx, ClusterManager clusterManager, boolean ownsVertx, NodeOptions options) {
    this.vertx = vertx;
    this.clusterManager = clusterManager;
    this.ownsVertx = ownsVertx;
    this.options = options;
    this.nodeId = clusterManager == null ? UUID.randomUUID().toString() : clusterManager.getNodeId();
  }

  /**
   * Joins the cluster and deploys the node. Fails with a {@link BankNodeException} saying which step failed;
   * if deployment fails the node leaves the cluster again.
   */
  public static Future<BankNode> start(ClusterOptions cluster, NodeOptions options) {
    // The outcome is a promise with no Vert.x context: if deployment fails, the Vert.x we joined with is closed,
    // and a future tied to one of its (then stopped) event loops could never deliver the failure.
    Promise<BankNode> outcome = Promise.promise();
    Future.<Clustering.ClusteredVertx>future(p -> Clustering.join(cluster).onComplete(p)).onComplete(joined -> {
      if (joined.failed()) {
        outcome.fail(new BankNodeException(BankNodeException.Step.JOIN, joined.cause()));
        return;
      }
      Clustering.ClusteredVertx node = joined.result();
      deploy(node.vertx(), node.clusterManager(), true, options)
          .onSuccess(outcome::complete)
          .onFailure(failure -> node.vertx().close().onComplete(closed -> outcome.fail(failure)));
    });
    return outcome.future();
  }

  /**
   * Deploys the node's verticles onto {@code vertx}. {@link #close()} then undeploys them and leaves
   * {@code vertx} running.
   *
   * @param clusterManager the manager {@code vertx} was built with, or {@code null} for a local Vert.x
   */
  public static Future<BankNode> deploy(Vertx vertx, ClusterManager clusterManager, NodeOptions options) {
    return deploy(vertx, clusterManager, false, options);
  }

  private static Future<BankNode> deploy(Vertx vertx, ClusterManager cm, boolean ownsVertx, NodeOptions options) {
    BankNode node = new BankNode(vertx, cm, ownsVertx, options);
    return node.deployAll()
        .recover(failure -> node.undeployAll().transform(v -> Future.failedFuture(
            failure instanceof BankNodeException ? failure
                : new BankNodeException(BankNodeException.Step.DEPLOY, failure))))
        .map(node);
  }

  private Future<Void> deployAll() {
    return RulesBoard.publishOrAdopt(vertx, options.rules())
        .compose(adopted -> {
          rules = adopted;
          claims = new ShardClaims(vertx, nodeId, this::members);
          List<Integer> candidates = options.shards().candidates(rules.ledgerShards());
          return options.shards().auto() ? claims.claimFree(candidates) : claims.claimAll(candidates);
        })
        .compose(owned -> {
          ownedShards.addAll(owned);
          Future<Void> chain = Future.succeededFuture();
          for (int shard : owned) {
            chain = chain.compose(v -> record(vertx.deployVerticle(new LedgerShardVerticle(shard))));
          }
          return chain;
        })
        .compose(v -> options.cashiers() == 0 ? Future.succeededFuture() : deployCounter());
  }

  private Future<Void> deployCounter() {
    String branchId = branchId();
    ShardedTeller teller = new ShardedTeller(vertx, new ShardMap(rules.ledgerShards()), rules.requestTimeoutMs());
    Future<Void> chain = record(vertx.deployVerticle(new BranchVerticle(options.model(), branchId, rules)));
    for (int i = 1; i <= options.cashiers(); i++) {
      String cashierId = branchId + "." + i;
      chain = chain.compose(v -> record(vertx.deployVerticle(
          new CashierVerticle(options.model(), branchId, cashierId, rules, teller))));
    }
    return chain;
  }

  private Future<Void> record(Future<String> deployment) {
    return deployment.map(id -> {
      deployments.add(id);
      return null;
    });
  }

  /**
   * Undeploys in reverse order (cashiers first), gives back the shard claims, and closes Vert.x if this node
   * built it. The returned future has no Vert.x context, so it completes even after that Vert.x is closed.
   */
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    undeployAll().onComplete(undeployed -> {
      if (ownsVertx) {
        vertx.close().onComplete(closed);
      } else {
        closed.handle(undeployed);
      }
    });
    return closed.future();
  }

  /**
   * Waits for {@code work}, closes this node, then completes with the outcome of {@code work}. Use it instead of
   * {@code work.eventually(node::close)}: a future chained on this node's event loops cannot complete once
   * {@link #close()} has stopped them.
   */
  public <T> Future<T> closeAfter(Future<T> work) {
    Promise<T> done = Promise.promise();
    work.onComplete(outcome -> close().onComplete(closed -> done.handle(outcome)));
    return done.future();
  }

  private Future<Void> undeployAll() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id)).recover(failure -> {
        LOG.warn("undeploying {} failed: {}", id, failure.getMessage());
        return Future.succeededFuture();
      });
    }
    return chain.compose(v -> {
      deployments.clear();
      if (claims == null || ownedShards.isEmpty()) {
        return Future.succeededFuture();
      }
      List<Integer> released = List.copyOf(ownedShards);
      ownedShards.clear();
      return claims.release(released).recover(failure -> {
        LOG.warn("giving back ledger shards {} failed: {}", released, failure.getMessage());
        return Future.succeededFuture();
      });
    });
  }

  /** The short id of this node's branch: part of every visit id and cashier address it hands out. */
  public String branchId() {
    return nodeId.replace("-", "").substring(0, 8);
  }

  public String nodeId() {
    return nodeId;
  }

  public Set<String> members() {
    return clusterManager == null ? Set.of(nodeId) : new HashSet<>(clusterManager.getNodes());
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The rules in force (adopted from the cluster if another node started first). */
  public BankRules rules() {
    return rules;
  }

  public List<Integer> ownedShards() {
    return List.copyOf(ownedShards);
  }

  /** One line: node id, members, and what this node deployed. */
  public String describe() {
    return "node " + nodeId + " ready: " + members().size() + " member(s) " + new java.util.TreeSet<>(members())
        + "; model " + options.model().wire()
        + (options.cashiers() == 0 ? "; no branch" : "; branch " + branchId() + " with " + options.cashiers()
        + " cashier(s)")
        + "; ledger shards " + (ownedShards.isEmpty() ? "none" : ownedShards.toString()) + " of "
        + rules.ledgerShards();
  }
}
