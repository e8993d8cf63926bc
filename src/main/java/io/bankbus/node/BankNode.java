package io.bankbus.node;

import io.bankbus.cashier.CashierVerticle;
import io.bankbus.cashier.ModelWiring;
import io.bankbus.cashier.NodeSite;
import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.Clustering;
import io.bankbus.protocol.InboundGuard;
import io.bankbus.status.BankMetrics;
import io.bankbus.status.StatusVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.bankbus.protocol.BankModel;
import io.bankbus.queue.BranchVerticle;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.RulesBoard;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
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
 * each model's storage (the ledger shards this node owns), then per model served its teller, branch and
 * cashiers, so that every address a verticle sends to is registered before the verticle can be reached.
 * What a model deploys is its {@link ModelWiring}'s business: nothing here is model-specific.
 */
public final class BankNode {
  private static final Logger LOG = LoggerFactory.getLogger(BankNode.class);

  private final Vertx vertx;
  private final ClusterManager clusterManager;
  private final boolean ownsVertx;
  private final String nodeId;
  private final NodeOptions options;

  // Written from the deploying context and from the shard keeper's: synchronized.
  private final List<String> deployments = Collections.synchronizedList(new ArrayList<>());
  /** One per model, whether this node serves it or not: a node may keep a model's storage without serving it. */
  private final List<ModelWiring> wirings;
  private BankRules rules;
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
    this.wirings = ModelWirings.forNode(options);
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
          Future<Void> chain = Future.succeededFuture();
          for (ModelWiring wiring : wirings) {
            chain = chain.compose(v -> wiring.deployStorage(site()));
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
            for (ModelWiring wiring : served()) {
              chain = chain.compose(x -> deployCounter(wiring));
            }
          }
          return chain;
        })
        // Last: a customer arriving through the bridge finds the branch and cashiers already there.
        .compose(v -> doors.openBridge());
  }

  /** One model's teller, branch and cashiers, the cashiers deployed as the model's wiring says. */
  private Future<Void> deployCounter(ModelWiring wiring) {
    BankModel model = wiring.model();
    String branchId = branchId();
    BankMetrics.ModelMeters meters = metrics.of(model);
    Future<Void> chain = wiring.deployTeller(site()).compose(v -> record(vertx.deployVerticle(
        new BranchVerticle(model, branchId, rules, meters))));
    DeploymentOptions cashierDeployment = wiring.cashierDeployment(options.cashiers());
    for (int i = 1; i <= options.cashiers(); i++) {
      String cashierId = branchId + "." + i;
      chain = chain.compose(v -> record(vertx.deployVerticle(
          new CashierVerticle(model, branchId, cashierId, rules, wiring.tellerFor(cashierId), meters),
          cashierDeployment)));
    }
    return chain;
  }

  /** The wirings of the models this node serves, in the order the options list them. */
  private List<ModelWiring> served() {
    return options.models().stream().map(model -> wirings.stream().filter(w -> w.model() == model).findFirst()
        .orElseThrow()).toList();
  }

  private NodeSite site() {
    return new NodeSite(vertx, clusterManager, nodeId, this::members, rules, options.cashiers(), this::record);
  }

  private Future<Void> record(Deployable verticle, DeploymentOptions deployment) {
    return record(vertx.deployVerticle(verticle, deployment));
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
   * Cashiers and branches first (no new work), then what each model keeps on this node (ledger shards: each
   * owner finishes the batch it is logging and gives its claim back at once).
   */
  private Future<Void> undeployAll() {
    Future<Void> chain = Future.succeededFuture();
    List<String> deployed = List.copyOf(deployments);
    for (int i = deployed.size() - 1; i >= 0; i--) {
      String id = deployed.get(i);
      chain = chain.compose(v -> undeploy(id));
    }
    for (ModelWiring wiring : wirings) {
      chain = chain.compose(v -> wiring.close());
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

  /**
   * Writes of the shared-state model refused by their compare because the balance changed under a lock this
   * node held: each is a moment when the cluster lock did not exclude, caught before it lost an update.
   */
  public long exclusionBreaches() {
    return wirings.stream().mapToLong(ModelWiring::exclusionBreaches).sum();
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
        + String.join("", wirings.stream().map(ModelWiring::describe).toList()) + doors.describe();
  }
}
