package io.bankbus.cli;

import io.bankbus.cluster.ClusterOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@link NodeFleet} starts, and the command line of each of its node processes: this JVM's java and class
 * path, Hazelcast's JVM flags, and the node flags that put it on 127.0.0.1 in the fleet's cluster.
 *
 * @param extraArgs more {@code node} flags, the same for every node
 * @param livePage  whether the first node serves the live page
 * @param tlsDir    TLS on the event bus from this directory (node i uses node-i.p12), or {@code null}
 */
record FleetSpec(int nodes, int cashiers, List<String> models, int shards, String heap, String clusterName,
                 Path logDir, List<String> extraArgs, boolean livePage, Path tlsDir) {
  /** As in the pom's hazelcast.jvm.flags and the jar's manifest: Hazelcast 5.3 asks for them. */
  /** More JVM flags for every node started, split at spaces (docs/benchmarks.md: profiling a node). */
  static final String NODE_JVM_FLAGS_ENV = "BANKBUS_NODE_JVM_FLAGS";
  private static final String HAZELCAST_FLAGS = "--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED"
      + " --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
      + " --add-opens java.management/sun.management=ALL-UNNAMED"
      + " --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED";

  /** Event loops per process, overriding {@link #eventLoops()}'s share of the cores (also read by the node command). */
  static final String EVENT_LOOPS_ENV = "BANKBUS_EVENT_LOOPS";

  /** Without the live page, in clear text. */
  FleetSpec(int nodes, int cashiers, List<String> models, int shards, String heap, String clusterName, Path logDir,
            List<String> extraArgs) {
    this(nodes, cashiers, models, shards, heap, clusterName, logDir, extraArgs, false, null);
  }

  /**
   * Node {@code i}'s command: on {@code ports.get(i)}, joining all of {@code ports}, owning {@code ownShards},
   * serving HTTP on {@code httpPort} unless it is 0.
   */
  List<String> command(int i, List<Integer> ports, String ownShards, int httpPort) {
    String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(List.of(HAZELCAST_FLAGS.split(" ")));
    String extraFlags = System.getenv(NODE_JVM_FLAGS_ENV);   // e.g. a flight recording, for profiling a node
    if (extraFlags != null && !extraFlags.isBlank()) {
      command.addAll(List.of(extraFlags.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BankbusCommand.class.getName(), "node",
        "--cluster-name", clusterName, "--interface", "127.0.0.1", "--port", "" + ports.get(i),
        "--members", members, "--models", String.join(",", models), "--cashiers", "" + cashiers,
        "--shards", "" + shards, "--own-shards", ownShards, "--event-loops", "" + eventLoops(),
        "--stop-with", "" + ProcessHandle.current().pid()));
    command.addAll(extraArgs);
    if (tlsDir != null) {                       // node i uses the certificate made for it by gen-certs.sh
      command.addAll(List.of("--tls-dir", tlsDir.toString(), "--tls-name", "node-" + (i + 1)));
    }
    if (httpPort > 0) {
      command.addAll(List.of("--http-port", "" + httpPort));
    }
    return command;
  }

  /**
   * The event loops of each process of the fleet, the customers' included: {@value #EVENT_LOOPS_ENV} if set, else
   * this machine's cores shared out between the nodes and the customers' process, at least one each (all of them
   * run here; {@link ClusterOptions#sharedMachineEventLoops}).
   */
  int eventLoops() {
    String set = System.getenv(EVENT_LOOPS_ENV);
    if (set == null || set.isBlank()) {
      return ClusterOptions.sharedMachineEventLoops(nodes + 1);
    }
    try {
      int loops = Integer.parseInt(set.trim());
      if (loops >= 1 && loops <= ClusterOptions.MAX_EVENT_LOOPS) {
        return loops;
      }
    } catch (NumberFormatException notANumber) {
      // refused below
    }
    throw new IllegalArgumentException(EVENT_LOOPS_ENV + " must be a number of event loops between 1 and "
        + ClusterOptions.MAX_EVENT_LOOPS + ", got '" + set + "'");
  }

  /** Node {@code i} of {@code n} owns a contiguous share of the shards ({@code none} if there are fewer shards than nodes). */
  static String shardsOf(int i, int n, int shards) {
    int from = i * shards / n;
    int to = (i + 1) * shards / n - 1;
    return to < from ? "none" : from + "-" + to;
  }
}
