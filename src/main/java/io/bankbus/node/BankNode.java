package io.bankbus.node;

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
import io.bankbus.rules.BankRules;
import io.bankbus.rules.RulesBoard;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;
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
  /** The bank's nodes when whole ({@code --expected-nodes}); 0: no majority rule. */
  private final int expectedNodes;
  private final ClusterManager clusterManager;
  private final boolean ownsVertx;
  private final String nodeId;
  private final NodeOptions options;

  private final Deployments deployments;
  /** One per model, whether this node serves it or not: a node may keep a model's storage without serving it. */
  private final List<ModelWiring> wirings;
  private BankRules rules;
  /** Prometheus form of the node's meters when it serves HTTP, else {@code null}. */
  private final PrometheusMeterRegistry prometheus;
  private final BankMetrics metrics;
  private final Doors doors;
  private final Branches branches;
  /** Refuses malformed and oversized bodies to bank addresses before any verticle sees them. */
  private final InboundGuard guard = new InboundGuard();

  private BankNode(Vertx vertx, ClusterManager clusterManager, boolean ownsVertx, NodeOptions options,
                   PrometheusMeterRegistry prometheus, int expectedNodes) {
    this.expectedNodes = expectedNodes;
    this.vertx = vertx;
    this.clusterManager = clusterManager;
    this.ownsVertx = ownsVertx;
    this.options = options;
    this.nodeId = clusterManager == null ? UUID.randomUUID().toString() : clusterManager.getNodeId();
    this.prometheus = prometheus == null && options.http() != null
        ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : prometheus;
    this.metrics = this.prometheus == null ? BankMetrics.unregistered() : new BankMetrics(this.prometheus);
    this.wirings = ModelWirings.forNode(options);
    this.deployments = new Deployments(vertx);
    this.doors = new Doors(options, this.prometheus, deployments::deploy);
    this.branches = new Branches(branchId(), options.cashiers(), options.models(), metrics);
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
      deploy(node.vertx(), node.clusterManager(), true, options, registry, cluster.expectedNodes())
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
    return deploy(vertx, clusterManager, false, options, null, 0);
  }

  /**
   * As {@link #deploy(Vertx, ClusterManager, NodeOptions)}, with the registry {@code vertx} was built to report its
   * own metrics to (see {@link Clustering#join(com.hazelcast.config.Config, String, io.vertx.core.VertxOptions,
   * io.micrometer.core.instrument.MeterRegistry)}): {@code /metrics} then shows both the bank's meters and Vert.x's.
   */
  public static Future<BankNode> deploy(Vertx vertx, ClusterManager clusterManager, NodeOptions options,
                                        PrometheusMeterRegistry registry) {
    return deploy(vertx, clusterManager, false, options, registry, 0);
  }

  private static Future<BankNode> deploy(Vertx vertx, ClusterManager cm, boolean ownsVertx, NodeOptions options,
                                         PrometheusMeterRegistry registry, int expectedNodes) {
    BankNode node = new BankNode(vertx, cm, ownsVertx, options, registry, expectedNodes);
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
        .compose(v -> deployments.deploy(new HeapVerticle(nodeId)))
        .compose(v -> deployments.deploy(new StatusVerticle(nodeId, branchId(), branches.cashierIds(), metrics,
            this::members)))
        .compose(v -> doors.openHttp())
        .compose(v -> branches.open(served(), site(), deployments))
        // Last: a customer arriving through the bridge finds the branch and cashiers already there.
        .compose(v -> doors.openBridge());
  }

  /** The wirings of the models this node serves, in the order the options list them. */
  private List<ModelWiring> served() {
    return options.models().stream().map(model -> wirings.stream().filter(w -> w.model() == model).findFirst()
        .orElseThrow()).toList();
  }

  private NodeSite site() {
    return new NodeSite(vertx, clusterManager, nodeId, this::members, rules, options.cashiers(), expectedNodes,
        deployments::deploy);
  }

  /**
   * Undeploys in reverse order (cashiers first), has each model give back what it holds, and closes Vert.x if this node
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
    wirings.forEach(ModelWiring::closing);
    Future<Void> chain = deployments.undeployAll();
    for (ModelWiring wiring : wirings) {
      chain = chain.compose(v -> wiring.close());
    }
    return chain.andThen(v -> vertx.eventBus().removeInboundInterceptor(guard));
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
        + branches.describe()
        + String.join("", wirings.stream().map(ModelWiring::describe).toList()) + doors.describe();
  }
}
