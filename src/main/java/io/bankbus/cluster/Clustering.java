package io.bankbus.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Starts a clustered {@link Vertx} whose event bus binds to the same host as Hazelcast (loopback by default). */
public final class Clustering {
  private Clustering() {
  }

  /** A clustered Vert.x: joins the Hazelcast cluster described by {@code hazelcast}. */
  public static Future<ClusteredVertx> join(Config hazelcast, String eventBusHost, VertxOptions vertxOptions) {
    return join(hazelcast, eventBusHost, vertxOptions, null);
  }

  /**
   * @param metrics where Vert.x reports its own metrics (event bus, HTTP, pools), or {@code null} for none. Only
   *                labels with a bounded set of values are kept: no event-bus address (reply addresses are
   *                one per request), no remote address, no HTTP path
   */
  public static Future<ClusteredVertx> join(Config hazelcast, String eventBusHost, VertxOptions vertxOptions,
                                            MeterRegistry metrics) {
    return join(hazelcast, eventBusHost, 0, vertxOptions, metrics);
  }

  /** As above, the event bus listening on {@code eventBusPort} (0: any free port). */
  public static Future<ClusteredVertx> join(Config hazelcast, String eventBusHost, int eventBusPort,
                                            VertxOptions vertxOptions, MeterRegistry metrics) {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    EventBusOptions bus = vertxOptions.getEventBusOptions();
    bus.setHost(eventBusHost).setPort(eventBusPort).setClusterPublicHost(eventBusHost);
    VertxBuilder builder = Vertx.builder();
    if (metrics != null) {
      vertxOptions.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setLabels(EnumSet.of(
          Label.EB_SIDE, Label.EB_FAILURE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME)));
      builder = builder.withMetrics(new MicrometerMetricsFactory(metrics));
    }
    return builder.with(vertxOptions).withClusterManager(manager).buildClustered()
        .map(vertx -> new ClusteredVertx(vertx, manager));
  }

  public static Future<ClusteredVertx> join(ClusterOptions options) {
    return join(options, null);
  }

  public static Future<ClusteredVertx> join(ClusterOptions options, MeterRegistry metrics) {
    VertxOptions vertxOptions = new VertxOptions();
    if (options.eventLoops() > 0) {
      vertxOptions.setEventLoopPoolSize(options.eventLoops());
    }
    if (options.tls() != null) {
      options.tls().apply(vertxOptions.getEventBusOptions());
    }
    return join(HazelcastConfigs.load(options), options.eventBusHost(), options.eventBusPort(), vertxOptions, metrics);
  }

  /** A clustered Vert.x and its cluster manager (for the node id and the member list). */
  public record ClusteredVertx(Vertx vertx, HazelcastClusterManager clusterManager) {
  }
}
