package io.bankbus.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a node finds its cluster. Every field but {@code config} overrides the matching part of the Hazelcast
 * file, so one {@code cluster.xml} serves every host.
 *
 * @param config        Hazelcast XML file; {@code null} means the {@code cluster.xml} bundled in the jar
 * @param clusterName   Hazelcast cluster name; nodes with different names never join; {@code null}: the file's
 * @param members       TCP-IP seed members ({@code host} or {@code host:port}); empty: the file's
 * @param bindInterface the address Hazelcast and the event bus bind to; {@code null}: the file's interface
 *                      for Hazelcast and 127.0.0.1 for the event bus
 * @param publicAddress {@code host[:port]} other members should use to reach this one (NAT, containers);
 *                      {@code null}: none
 * @param port          Hazelcast port; 0: the file's (auto-increment from 5701)
 * @param lite          join as a Hazelcast lite member: on the event bus and able to use the maps, but holding no
 *                      partition of them. For processes that are clients of the bank (the load process): they
 *                      neither carry the bank's data nor take it with them when they go.
 * @param tls           TLS with client authentication for the event bus; {@code null}: clear text
 * @param expectedNodes the bank's nodes (data members) when whole; above 0, the shared-state maps and the lock
 *                      map refuse operations on a side of the cluster that holds fewer than a majority of them
 *                      ({@link HazelcastConfigs#MAJORITY}); 0: no such protection (a single node keeps working)
 * @param eventBusPort  the port the event bus listens on (and other nodes connect to); 0: any free port
 * @param eventLoops    Vert.x event-loop threads; 0: Vert.x's default, twice the cores (for a process that has the
 *                      machine to itself; see {@link #sharedMachineEventLoops})
 */
public record ClusterOptions(Path config, String clusterName, List<String> members, String bindInterface,
                             String publicAddress, int port, boolean lite, EventBusTls tls, int expectedNodes,
                             int eventBusPort, int eventLoops) {

  public ClusterOptions(Path config, String clusterName, List<String> members, String bindInterface,
                        String publicAddress, int port) {
    this(config, clusterName, members, bindInterface, publicAddress, port, false, null, 0, 0, 0);
  }

  /** Most nodes a bank may expect: what {@code --expected-nodes} accepts. */
  public static final int MAX_EXPECTED_NODES = 64;

  public static final String LOOPBACK = "127.0.0.1";

  /** Most event-loop threads {@code --event-loops} accepts. */
  public static final int MAX_EVENT_LOOPS = 256;

  /**
   * Event loops for each of {@code processes} bank processes sharing this machine: its cores shared out, at least
   * one. Vert.x's default (twice the cores, in every process) puts 12 event loops on 2 cores for a load process and
   * two nodes, and a message that crosses threads waits for the one it is handed to to be scheduled: on this
   * 2-core machine message passing served about 9,500 operations a second that way and about 14,000 with one event
   * loop per process (docs/benchmarks.md).
   */
  public static int sharedMachineEventLoops(int processes) {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, processes));
  }

  public ClusterOptions {
    members = List.copyOf(Objects.requireNonNull(members, "members"));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (eventBusPort < 0 || eventBusPort > 65535) {
      throw new IllegalArgumentException("event bus port must be between 0 and 65535, got " + eventBusPort);
    }
    if (eventLoops < 0 || eventLoops > MAX_EVENT_LOOPS) {
      throw new IllegalArgumentException("event loops must be between 0 and " + MAX_EVENT_LOOPS + ", got " + eventLoops);
    }
    if (expectedNodes < 0 || expectedNodes > MAX_EXPECTED_NODES) {
      throw new IllegalArgumentException("expected nodes must be between 0 and " + MAX_EXPECTED_NODES + ", got "
          + expectedNodes);
    }
  }

  /** The bundled {@code cluster.xml}, unchanged. */
  public static ClusterOptions defaults() {
    return new ClusterOptions(null, null, List.of(), null, null, 0);
  }

  public ClusterOptions withConfig(Path v) {
    return new ClusterOptions(v, clusterName, members, bindInterface, publicAddress, port, lite, tls, expectedNodes, eventBusPort, eventLoops);
  }

  public ClusterOptions withClusterName(String v) {
    return new ClusterOptions(config, v, members, bindInterface, publicAddress, port, lite, tls, expectedNodes, eventBusPort, eventLoops);
  }

  public ClusterOptions withMembers(List<String> v) {
    return new ClusterOptions(config, clusterName, v, bindInterface, publicAddress, port, lite, tls, expectedNodes, eventBusPort, eventLoops);
  }

  public ClusterOptions withBindInterface(String v) {
    return new ClusterOptions(config, clusterName, members, v, publicAddress, port, lite, tls, expectedNodes, eventBusPort, eventLoops);
  }

  public ClusterOptions withPublicAddress(String v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, v, port, lite, tls, expectedNodes, eventBusPort, eventLoops);
  }

  public ClusterOptions asLiteMember() {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, port, true, tls, expectedNodes, eventBusPort, eventLoops);
  }

  public ClusterOptions withPort(int v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, v, lite, tls, expectedNodes, eventBusPort, eventLoops);
  }

  public ClusterOptions withTls(EventBusTls v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, port, lite, v, expectedNodes, eventBusPort, eventLoops);
  }

  public ClusterOptions withExpectedNodes(int v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, port, lite, tls, v, eventBusPort, eventLoops);
  }

  public ClusterOptions withEventBusPort(int v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, port, lite, tls,
        expectedNodes, v, eventLoops);
  }

  public ClusterOptions withEventLoops(int v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, port, lite, tls,
        expectedNodes, eventBusPort, v);
  }

  /** The nodes a side of the cluster must hold for the shared state to accept operations; 0: no minimum. */
  public int majority() {
    return expectedNodes == 0 ? 0 : expectedNodes / 2 + 1;
  }

  /** The address the event bus binds to and advertises. */
  public String eventBusHost() {
    return bindInterface == null ? LOOPBACK : bindInterface;
  }
}
