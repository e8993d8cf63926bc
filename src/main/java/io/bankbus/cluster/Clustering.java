package io.bankbus.cluster;

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
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    EventBusOptions bus = vertxOptions.getEventBusOptions();
    bus.setHost(eventBusHost).setPort(0).setClusterPublicHost(eventBusHost);
    return Vertx.builder().with(vertxOptions).withClusterManager(manager).buildClustered()
        .map(vertx -> new ClusteredVertx(vertx, manager));
  }

  public static Future<ClusteredVertx> join(ClusterOptions options) {
    return join(HazelcastConfigs.load(options), options.eventBusHost(), new VertxOptions());
  }

  /** A clustered Vert.x and its cluster manager (for the node id and the member list). */
  public record ClusteredVertx(Vertx vertx, HazelcastClusterManager clusterManager) {
  }
}
