package io.bankbus.node;

import io.bankbus.cashier.CashierVerticle;
import com.hazelcast.core.HazelcastInstance;
import io.bankbus.cashier.Teller;
import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.Clustering;
import io.bankbus.protocol.InboundGuard;
import io.bankbus.status.BankMetrics;
import io.bankbus.status.StatusVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.bankbus.messagepassing.LedgerShardVerticle;
import io.bankbus.messagepassing.ShardClaims;
import io.bankbus.messagepassing.ShardKeeperVerticle;
import io.bankbus.protocol.BankModel;
import io.bankbus.queue.BranchVerticle;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.RulesBoard;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 *     .onSuccess(node -> log.info("{}", node.describe()));
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
  /** How often a shard-owning node looks for shards whose owner left, to adopt them. */
  static final long SHARD_KEEPER_PERIOD_MS = 500;
  /** How often a shared-state node looks for departed nodes whose pending operations it must settle. */
  static final long SWEEP_PERIOD_MS = 1_000;

  // Written from the deploying context and from the shard keeper's: synchronized.
  private final List<String> deployments = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> ownedShards = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> shardDeployments = new ConcurrentHashMap<>();
  private final Tellers tellers;
  private BankRules rules;
  private ShardClaims claims;
  /** Prometheus form of the node's meters when it serves HTTP, else {@code null}. */
  private final PrometheusMeterRegistry prometheus;
  private final BankMetrics metrics;
  private final Doors doors;
  /** Refuses malformed and oversized bodies to bank addresses before any verticle sees them. */
  private final InboundGuard guard = new InboundGuard();

  private BankNode(Vertx vertx, ClusterManager clusterManager, boolean ownsVertx, NodeOptions options,
                   PrometheusMeterRegistry prometheus) {
    this.vertx = vertx;
    this.clusterManager = clusterManager;
    this.ownsVertx = ownsVertx;
    this.options = options;
    this.nodeId = clusterManager == null ? UUID.randomUUID().toString() : clusterManager.getNodeId();
    this.prometheus = prometheus == null && options.http() != null
        ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : prometheus;
    this.metrics = this.prometheus == null ? BankMetrics.unregistered() : new BankMetrics(this.prometheus);
    this.tellers = new Tellers(vertx, clusterManager != null, nodeId, this::members, options.cashiers(),
        SWEEP_PERIOD_MS, (verticle, deployment) -> record(vertx.deployVerticle(verticle, deployment)));
    this.doors = new Doors(options, this.prometheus, verticle -> record(vertx.deployVerticle(verticle)));
  }

  /**
   * Joins the cluster and deploys the node. Fails with a {@link BankNodeException} saying which step failed;
   * if deployment fails the node leaves the cluster again.
   */
  public static Future<BankNode> start(ClusterOptions cluster, NodeOptions options) {
    // The outcome is a promise with no Vert.x context: if deployment fails, the Vert.x we joined with is closed,
    // and a future tied to one of its (then stopped) event loops could never deliver the failure.
    Promise<BankNode> outcome = Promise.promise();
    // With an HTTP port, Vert.x reports its own metrics (event bus, HTTP, pools) to the registry /metrics serves.
    PrometheusMeterRegistry registry = options.http() == null ? null : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Future.<Clustering.ClusteredVertx>future(p -> Clustering.join(cluster, registry).onComplete(p)).onComplete(joined -> {
      if (joined.failed()) {
        outcome.fail(new BankNodeException(BankNodeException.Step.JOIN, joined.cause()));
        return;
      }
      Clustering.ClusteredVertx node = joined.result();
      deploy(node.vertx(), node.clusterManager(), true, options, registry)
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
    return deploy(vertx, clusterManager, false, options, null);
  }

  /**
   * As {@link #deploy(Vertx, ClusterManager, NodeOptions)}, with the registry {@code vertx} was built to report its
   * own metrics to (see {@link Clustering#join(com.hazelcast.config.Config, String, io.vertx.core.VertxOptions,
   * io.micrometer.core.instrument.MeterRegistry)}): {@code /metrics} then shows both the bank's meters and Vert.x's.
   */
  public static Future<BankNode> deploy(Vertx vertx, ClusterManager clusterManager, NodeOptions options,
                                        PrometheusMeterRegistry registry) {
    return deploy(vertx, clusterManager, false, options, registry);
  }

  private static Future<BankNode> deploy(Vertx vertx, ClusterManager cm, boolean ownsVertx, NodeOptions options,
                                         PrometheusMeterRegistry registry) {
    BankNode node = new BankNode(vertx, cm, ownsVertx, options, registry);
    return node.deployAll()
        .recover(failure -> node.undeployAll().transform(v -> Future.failedFuture(
            failure instanceof BankNodeException ? failure
                : new BankNodeException(BankNodeException.Step.DEPLOY, failure))))
        .map(node);
  }

  private Future<Void> deployAll() {
    vertx.eventBus().addInboundInterceptor(guard);
    return RulesBoard.publishOrAdopt(vertx, options.rules())
        .compose(adopted -> {
          rules = adopted;
          claims = new ShardClaims(vertx, nodeId, this::members);
          if (!options.ownsShards()) {
            return Future.succeededFuture(List.<Integer>of());
          }
          List<Integer> candidates = options.shards().candidates(rules.ledgerShards());
          return options.shards().auto() ? claims.claimFree(candidates) : claims.claimAll(candidates);
        })
        .compose(owned -> {
          ownedShards.addAll(owned);
          Future<Void> chain = Future.succeededFuture();
          for (int shard : owned) {
            chain = chain.compose(v -> deployShard(shard));
          }
          if (options.ownsShards() && clusterManager != null) {
            chain = chain.compose(v -> record(vertx.deployVerticle(new ShardKeeperVerticle(claims,
                rules.ledgerShards(), SHARD_KEEPER_PERIOD_MS, this::adopt))));
          }
          return chain;
        })
        .compose(v -> record(vertx.deployVerticle(new HeapVerticle(nodeId))))
        .compose(v -> record(vertx.deployVerticle(new StatusVerticle(nodeId, branchId(), cashierIds(), metrics,
            this::members))))
        .compose(v -> doors.openHttp())
        .compose(v -> {
          Future<Void> chain = Future.succeededFuture();
          if (options.cashiers() > 0) {
            for (BankModel model : options.models()) {
              chain = chain.compose(x -> deployCounter(model));
            }
          }
          return chain;
        })
        // Last: a customer arriving through the bridge finds the branch and cashiers already there.
        .compose(v -> doors.openBridge());
  }

  /** One model's branch and cashiers; shared-state cashiers are worker verticles on a pool of their own. */
  private Future<Void> deployCounter(BankModel model) {
    String branchId = branchId();
    Future<Teller> teller = tellers.of(model, rules);
    BankMetrics.ModelMeters meters = metrics.of(model);
    Future<Void> chain = teller.compose(t -> record(vertx.deployVerticle(new BranchVerticle(model, branchId, rules,
        meters))));
    DeploymentOptions cashierDeployment = model.sharedMap()
        ? new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
            .setWorkerPoolName("bankbus." + model.wire() + ".cashiers").setWorkerPoolSize(options.cashiers())
        : new DeploymentOptions();
    for (int i = 1; i <= options.cashiers(); i++) {
      String cashierId = branchId + "." + i;
      chain = chain.compose(v -> record(vertx.deployVerticle(
          new CashierVerticle(model, branchId, cashierId, rules, teller.result(), meters), cashierDeployment)));
    }
    return chain;
  }

  /** The cluster's Hazelcast instance, or {@code null} on a local Vert.x or another cluster manager. */
  private HazelcastInstance hazelcast() {
    return clusterManager instanceof HazelcastClusterManager hz ? hz.getHazelcastInstance() : null;
  }

  /** Deploys the owner of an orphaned shard this node just claimed; gives the claim back if that fails. */
  private Future<Void> adopt(int shard) {
    return deployShard(shard)
        .onSuccess(v -> ownedShards.add(shard))
        .recover(failure -> claims.release(List.of(shard)).transform(v -> Future.failedFuture(failure)));
  }

  private Future<Void> deployShard(int shard) {
    return vertx.deployVerticle(new LedgerShardVerticle(shard, nodeId, hazelcast(), rules.dedupWindowMs())).map(id -> {
      shardDeployments.put(id, shard);
      return null;
    });
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

  /**
   * Cashiers and branches first (no new work), then each ledger shard: its owner finishes the batch it is
   * logging, and its claim is given back at once, so another node adopts it while this one is still leaving.
   */
  private Future<Void> undeployAll() {
    Future<Void> chain = Future.succeededFuture();
    List<String> deployed = List.copyOf(deployments);
    for (int i = deployed.size() - 1; i >= 0; i--) {
      String id = deployed.get(i);
      chain = chain.compose(v -> undeploy(id));
    }
    for (Map.Entry<String, Integer> shard : Map.copyOf(shardDeployments).entrySet()) {
      chain = chain.compose(v -> undeploy(shard.getKey())).compose(v -> {
        shardDeployments.remove(shard.getKey());
        ownedShards.remove(shard.getValue());
        return claims.release(List.of(shard.getValue())).recover(failure -> {
          LOG.warn("giving back ledger shard {} failed: {}", shard.getValue(), failure.getMessage());
          return Future.succeededFuture();
        });
      });
    }
    return chain.andThen(v -> {
      deployments.clear();
      vertx.eventBus().removeInboundInterceptor(guard);
    });
  }

  private Future<Void> undeploy(String id) {
    return vertx.undeploy(id).recover(failure -> {
      LOG.warn("undeploying {} failed: {}", id, failure.getMessage());
      return Future.succeededFuture();
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

  /**
   * Writes of the shared-state model refused by their compare because the balance changed under a lock this
   * node held: each is a moment when the cluster lock did not exclude, caught before it lost an update.
   */
  public long exclusionBreaches() {
    return tellers.exclusionBreaches();
  }

  /** Per model served, the ids of this node's cashiers (none without a branch). */
  private Map<BankModel, List<String>> cashierIds() {
    Map<BankModel, List<String>> ids = new java.util.EnumMap<>(BankModel.class);
    if (options.cashiers() > 0) {
      for (BankModel model : options.models()) {
        List<String> desks = new ArrayList<>();
        for (int i = 1; i <= options.cashiers(); i++) {
          desks.add(branchId() + "." + i);
        }
        ids.put(model, desks);
      }
    }
    return ids;
  }

  /** The live page's address, or empty if the node serves no HTTP. */
  public java.util.Optional<String> httpUrl() {
    return doors.httpUrl();
  }

  /** The TCP bridge's {@code host:port}, or empty if the node runs none. */
  public java.util.Optional<String> bridgeAddress() {
    return doors.bridgeAddress();
  }

  /** One line: node id, members, and what this node deployed. */
  public String describe() {
    return "node " + nodeId + " ready: " + members().size() + " member(s) " + new java.util.TreeSet<>(members())
        + "; models " + String.join(", ", options.models().stream().map(BankModel::wire).toList())
        + (options.cashiers() == 0 ? "; no branch" : "; branch " + branchId() + " with " + options.cashiers()
        + " cashier(s) per model")
        + "; ledger shards " + (ownedShards.isEmpty() ? "none" : ownedShards.toString()) + " of "
        + rules.ledgerShards() + doors.describe();
  }
}
