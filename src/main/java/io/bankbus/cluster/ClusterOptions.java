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
 */
public record ClusterOptions(Path config, String clusterName, List<String> members, String bindInterface,
                             String publicAddress, int port, boolean lite, EventBusTls tls, int expectedNodes,
                             int eventBusPort) {

  public ClusterOptions(Path config, String clusterName, List<String> members, String bindInterface,
                        String publicAddress, int port) {
    this(config, clusterName, members, bindInterface, publicAddress, port, false, null, 0, 0);
  }

  /** Most nodes a bank may expect: what {@code --expected-nodes} accepts. */
  public static final int MAX_EXPECTED_NODES = 64;

  public static final String LOOPBACK = "127.0.0.1";

  public ClusterOptions {
    members = List.copyOf(Objects.requireNonNull(members, "members"));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (eventBusPort < 0 || eventBusPort > 65535) {
      throw new IllegalArgumentException("event bus port must be between 0 and 65535, got " + eventBusPort);
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
    return new ClusterOptions(v, clusterName, members, bindInterface, publicAddress, port, lite, tls, expectedNodes, eventBusPort);
  }

  public ClusterOptions withClusterName(String v) {
    return new ClusterOptions(config, v, members, bindInterface, publicAddress, port, lite, tls, expectedNodes, eventBusPort);
  }

  public ClusterOptions withMembers(List<String> v) {
    return new ClusterOptions(config, clusterName, v, bindInterface, publicAddress, port, lite, tls, expectedNodes, eventBusPort);
  }

  public ClusterOptions withBindInterface(String v) {
    return new ClusterOptions(config, clusterName, members, v, publicAddress, port, lite, tls, expectedNodes, eventBusPort);
  }

  public ClusterOptions withPublicAddress(String v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, v, port, lite, tls, expectedNodes, eventBusPort);
  }

  public ClusterOptions asLiteMember() {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, port, true, tls, expectedNodes, eventBusPort);
  }

  public ClusterOptions withPort(int v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, v, lite, tls, expectedNodes, eventBusPort);
  }

  public ClusterOptions withTls(EventBusTls v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, port, lite, v, expectedNodes, eventBusPort);
  }

  public ClusterOptions withExpectedNodes(int v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, port, lite, tls, v, eventBusPort);
  }

  public ClusterOptions withEventBusPort(int v) {
    return new ClusterOptions(config, clusterName, members, bindInterface, publicAddress, port, lite, tls,
        expectedNodes, v);
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
