package io.bankbus.support;

import com.hazelcast.config.Config;
import com.hazelcast.spi.properties.ClusterProperty;
import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.Clustering;
import io.bankbus.cluster.FreePorts;
import io.bankbus.cluster.HazelcastConfigs;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Isolated test clusters: every node gets a fresh Hazelcast {@link Config} built from the project's
 * cluster.xml, a cluster name unique to the test run, 127.0.0.1 (and listening there only), multicast off, and a
 * port picked free, so a test never joins a bank running on the same machine nor collides with a parallel run.
 */
public final class TestClusters {
  private TestClusters() {
  }

  public static String uniqueClusterName(String test) {
    return "bankbus-test-" + test + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A port free on 127.0.0.1 right now, below the ephemeral range ({@link FreePorts} says why). */
  public static int freePort() {
    try {
      return FreePorts.pick(List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Integer> freePorts(int n) {
    List<Integer> ports = new ArrayList<>();
    while (ports.size() < n) {
      int p = freePort();
      if (!ports.contains(p)) {
        ports.add(p);
      }
    }
    return ports;
  }

  /** Options for the node listening on {@code port} of a cluster whose members listen on {@code ports}. */
  public static ClusterOptions options(String clusterName, int port, List<Integer> ports) {
    return ClusterOptions.defaults()
        .withConfig(Path.of(System.getProperty("bankbus.root", ".")).resolve("cluster.xml"))
        .withClusterName(clusterName)
        .withBindInterface("127.0.0.1")
        .withPort(port)
        .withMembers(ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  /**
   * Completes once the cluster has no partition migration under way (polled, at most {@code timeoutMs}), so a
   * test does not start while Hazelcast is still moving data: on a busy 2-core machine a write to a migrating
   * partition can take longer than the bank's request timeout.
   */
  public static Future<Void> awaitClusterSafe(Clustering.ClusteredVertx node, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    Promise<Void> safe = Promise.promise();
    pollClusterSafe(node, deadline, timeoutMs, safe);
    return safe.future();
  }

  private static void pollClusterSafe(Clustering.ClusteredVertx node, long deadline, long timeoutMs,
                                      Promise<Void> safe) {
    node.vertx().executeBlocking(() -> node.clusterManager().getHazelcastInstance().getPartitionService()
        .isClusterSafe()).onComplete(asked -> {
          if (asked.failed()) {
            safe.fail(asked.cause());
          } else if (asked.result()) {
            safe.complete();
          } else if (System.nanoTime() > deadline) {
            safe.fail(new IllegalStateException("partitions still migrating after " + timeoutMs + " ms"));
          } else {
            node.vertx().setTimer(50, t -> pollClusterSafe(node, deadline, timeoutMs, safe));
          }
        });
  }

  public static Future<Clustering.ClusteredVertx> join(String clusterName, int port, List<Integer> ports) {
    return join(clusterName, port, ports, new VertxOptions());
  }

  public static Future<Clustering.ClusteredVertx> join(String clusterName, int port, List<Integer> ports,
                                                       VertxOptions vertxOptions) {
    return join(clusterName, port, ports, vertxOptions, null);
  }

  /** As above, Vert.x reporting its own metrics to {@code metrics}, or to none if {@code null}. */
  public static Future<Clustering.ClusteredVertx> join(String clusterName, int port, List<Integer> ports,
                                                       VertxOptions vertxOptions, MeterRegistry metrics) {
    return join(options(clusterName, port, ports), vertxOptions, metrics);
  }

  /** A lite member (it holds none of the cluster's data), as the load process joins a bank. */
  public static Future<Clustering.ClusteredVertx> joinLite(String clusterName, int port, List<Integer> ports) {
    return join(options(clusterName, port, ports).asLiteMember(), new VertxOptions(), null);
  }

  private static Future<Clustering.ClusteredVertx> join(ClusterOptions options, VertxOptions vertxOptions,
                                                        MeterRegistry metrics) {
    Config config = HazelcastConfigs.load(options);
    if (config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()) {
      throw new IllegalStateException("test clusters must not use multicast");
    }
    if (!"false".equals(config.getProperty(ClusterProperty.SOCKET_SERVER_BIND_ANY.getName()))) {
      throw new IllegalStateException("test clusters must listen on 127.0.0.1 only");
    }
    return Clustering.join(config, options.eventBusHost(), vertxOptions, metrics);
  }
}
