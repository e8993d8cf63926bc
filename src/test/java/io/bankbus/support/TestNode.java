package io.bankbus.support;

import io.bankbus.cluster.Clustering;
import io.bankbus.node.BankNode;
import io.bankbus.node.NodeOptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.util.List;

/**
 * One clustered bank node in this JVM, alone in a cluster of its own (see {@link TestClusters}), deployed with the
 * options a test gives. {@link #close()} closes its Vert.x, which leaves the cluster.
 *
 * @param clustered the node's clustered Vert.x
 * @param bank      the bank node deployed on it
 */
public record TestNode(Clustering.ClusteredVertx clustered, BankNode bank) {

  /** Joins a cluster of its own, named after {@code test}, and deploys {@code options} on it. */
  public static Future<TestNode> start(String test, NodeOptions options) {
    return start(test, options, null);
  }

  /**
   * As {@link #start(String, NodeOptions)}, Vert.x reporting its own metrics to {@code registry} (which
   * {@code /metrics} then serves with the bank's), or to none if {@code null}. If deployment fails, the node
   * leaves the cluster again.
   */
  public static Future<TestNode> start(String test, NodeOptions options, PrometheusMeterRegistry registry) {
    List<Integer> ports = TestClusters.freePorts(1);
    return TestClusters.join(TestClusters.uniqueClusterName(test), ports.get(0), ports, new VertxOptions(), registry)
        .compose(joined -> BankNode.deploy(joined.vertx(), joined.clusterManager(), options, registry)
            .map(bank -> new TestNode(joined, bank))
            .recover(failure -> joined.vertx().close().transform(v -> Future.failedFuture(failure))));
  }

  public Vertx vertx() {
    return clustered.vertx();
  }

  /** The port of the node's TCP bridge ({@link BankNode#bridgeAddress()} is {@code host:port}). */
  public int bridgePort() {
    String address = bank.bridgeAddress().orElseThrow(() -> new IllegalStateException("the node runs no TCP bridge"));
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** The port of the node's HTTP server ({@link BankNode#httpUrl()} is {@code http://host:port/}). */
  public int httpPort() {
    return URI.create(bank.httpUrl().orElseThrow(() -> new IllegalStateException("the node serves no HTTP")))
        .getPort();
  }

  public Future<Void> close() {
    return vertx().close();
  }
}
