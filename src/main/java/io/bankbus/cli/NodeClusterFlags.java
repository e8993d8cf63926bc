package io.bankbus.cli;

import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.EventBusTls;
import io.bankbus.rules.Checks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The node's flags for where it finds its cluster and how it is reached: the Hazelcast file and what overrides
 * it, the event bus's port, the bank's expected size, TLS. Each flag has a BANKBUS_* variable, so one set of
 * variables per host configures a bank across machines (docs/hosts.md).
 */
final class NodeClusterFlags {
  @Option(names = "--cluster-config", paramLabel = "FILE", defaultValue = "${env:BANKBUS_CLUSTER_CONFIG}",
      description = "Hazelcast XML file (env BANKBUS_CLUSTER_CONFIG). Default: ./cluster.xml if present, else the copy in the jar.")
  Path clusterConfig;

  @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "${env:BANKBUS_CLUSTER_NAME}",
      description = "Hazelcast cluster name; only nodes with the same name form a bank (env BANKBUS_CLUSTER_NAME). Default: bankbus.")
  String clusterName;

  @Option(names = "--members", paramLabel = "HOST[:PORT]", split = ",", defaultValue = "${env:BANKBUS_MEMBERS}",
      description = "Seed members to join, comma-separated (env BANKBUS_MEMBERS). Default: 127.0.0.1:5701.")
  List<String> members;

  @Option(names = "--interface", paramLabel = "IP", defaultValue = "${env:BANKBUS_INTERFACE}",
      description = "Address Hazelcast and the event bus bind to (env BANKBUS_INTERFACE). Default: 127.0.0.1.")
  String bindInterface;

  @Option(names = "--public-address", paramLabel = "HOST[:PORT]", defaultValue = "${env:BANKBUS_PUBLIC_ADDRESS}",
      description = "Address other members should use to reach this one (env BANKBUS_PUBLIC_ADDRESS).")
  String publicAddress;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:BANKBUS_PORT:-0}",
      description = "Hazelcast port (env BANKBUS_PORT). Default: first free from 5701.")
  int port;

  @Option(names = "--event-bus-port", paramLabel = "PORT", defaultValue = "${env:BANKBUS_EVENT_BUS_PORT:-0}",
      description = "Port the event bus listens on at --interface, 0-65535 (env BANKBUS_EVENT_BUS_PORT); other nodes"
          + " connect to it, so a firewall between hosts must let it through. Default: 0, any free port.")
  int eventBusPort;

  @Option(names = "--expected-nodes", paramLabel = "N", defaultValue = "${env:BANKBUS_EXPECTED_NODES:-0}",
      description = "The bank's nodes when it is whole, 0-" + ClusterOptions.MAX_EXPECTED_NODES + " (env BANKBUS_EXPECTED_NODES):"
          + " a side of the cluster holding fewer than a majority (N/2+1) of them refuses every shared-state read,"
          + " write and lock (NO_MAJORITY, retryable), so a node cut off from the rest neither grants a lock nor"
          + " changes a balance; and a message-passing node that sees fewer than N/2+1 of the nodes that own shards"
          + " takes no shard over and its shard owners answer UNAVAILABLE (retryable). Give every node the same N;"
          + " customers' lite members do not count."
          + " Default: 0, no such check (a bank of one node keeps working).")
  int expectedNodes;

  @Option(names = "--event-loops", paramLabel = "N", defaultValue = "${env:BANKBUS_EVENT_LOOPS:-0}",
      description = "Vert.x event-loop threads, 0-" + ClusterOptions.MAX_EVENT_LOOPS + " (env BANKBUS_EVENT_LOOPS)."
          + " Default: 0, Vert.x's default of twice the cores, right for a node that has its machine to itself;"
          + " several processes on one machine do better with their share of the cores each (load, bench and"
          + " chaos give the nodes they start that share).")
  int eventLoops;

  @Option(names = "--tls-dir", paramLabel = "DIR",
      description = "TLS with client authentication on the event bus, from a directory made by scripts/gen-certs.sh: this node's <NAME>.p12, truststore.p12, and the password from $BANKBUS_TLS_PASSWORD or DIR/password (never from the command line). Off by default: then the event bus binds to 127.0.0.1 unless --interface says otherwise.")
  Path tlsDir;

  @Option(names = "--tls-name", paramLabel = "NAME", defaultValue = "node-1",
      description = "With --tls-dir: which certificate is this node's (DIR/NAME.p12). Default: ${DEFAULT-VALUE}.")
  String tlsName;

  /** The options these flags give, checked; refused with a message naming the flag. */
  ClusterOptions options() {
    Checks.range("--port", port, 0, 65535);
    Path config = clusterConfig;
    if (config == null && Files.isRegularFile(Path.of("cluster.xml"))) {
      config = Path.of("cluster.xml");
    }
    if (config != null && !Files.isReadable(config)) {
      throw new IllegalArgumentException("cannot read cluster config '" + config + "'");
    }
    List<String> seeds = members == null ? List.of() : members.stream().map(String::trim).filter(s -> !s.isEmpty())
        .toList();
    seeds.forEach(AddressChecks::checkMember);
    if (bindInterface != null) {
      AddressChecks.checkIpv4("--interface", bindInterface);
    }
    if (publicAddress != null) {
      AddressChecks.checkMember(publicAddress);
    }
    if (clusterName != null && !clusterName.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("--cluster-name must be 1-64 characters of A-Z a-z 0-9 . _ -, got '"
          + clusterName + "'");
    }
    Checks.range("--expected-nodes", expectedNodes, 0, ClusterOptions.MAX_EXPECTED_NODES);
    Checks.range("--event-bus-port", eventBusPort, 0, 65535);
    Checks.range("--event-loops", eventLoops, 0, ClusterOptions.MAX_EVENT_LOOPS);
    ClusterOptions options = new ClusterOptions(config, clusterName, seeds, bindInterface, publicAddress, port)
        .withExpectedNodes(expectedNodes).withEventBusPort(eventBusPort).withEventLoops(eventLoops);
    return tlsDir == null ? options : options.withTls(EventBusTls.load(tlsDir, tlsName, System.getenv()));
  }
}
