package io.bankbus.cli;

import static io.bankbus.cli.CliSupport.await;

import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.Clustering;
import io.bankbus.cluster.FreePorts;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.RulesBoard;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The bank a load runs against, and this process joined to its cluster as the customers' lite member: either
 * the nodes load starts ({@link NodeFleet}) or, with {@code --nodes 0}, a bank already running. Closing leaves
 * the cluster, then stops the nodes it started.
 */
final class LoadBank implements AutoCloseable {
  /** The bank did not start, or could not be joined; the message says why. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private final PrintWriter err;
  private NodeFleet fleet;
  private FleetSpec fleetSpec;
  private Clustering.ClusteredVertx customers;
  private BankRules rules;

  LoadBank(PrintWriter err) {
    this.err = err;
  }

  /** Starts the nodes of {@code spec} and waits until they are ready; returns how to join them. */
  ClusterOptions startNodes(FleetSpec spec) throws IOException, InterruptedException, Unavailable {
    fleetSpec = spec;
    fleet = NodeFleet.start(spec);
    err.println("Starting " + spec.nodes() + " bank nodes (PIDs " + fleet.pids() + ", logs in " + spec.logDir() + ")");
    try {
      fleet.awaitReady(120);
    } catch (IOException notReady) {
      throw new Unavailable(notReady.getMessage());
    }
    fleet.livePage().ifPresent(url -> err.println("Live page: " + url + " (Prometheus metrics: " + url + "metrics)"));
    return fleet.joinOptions();
  }

  /**
   * How to join a bank already running: its cluster name ({@code null}: cluster.xml's), seed members, and the
   * address to bind to ({@code null}: 127.0.0.1).
   */
  static ClusterOptions running(String clusterName, List<String> members, String bindInterface) throws IOException {
    return ClusterOptions.defaults().withClusterName(clusterName)
        .withBindInterface(bindInterface == null ? ClusterOptions.LOOPBACK : bindInterface)
        .withPort(FreePorts.pick(List.of()))
        .withMembers(members == null ? List.of(ClusterOptions.LOOPBACK + ":5701") : members).asLiteMember();
  }

  /** Joins the bank's cluster and reads its rules; refused if no node of {@code clusterName} publishes any. */
  void join(ClusterOptions options, String clusterName) throws Exception {
    try {
      customers = await(Clustering.join(options), 120);
    } catch (ExecutionException failed) {
      throw new Unavailable("could not join the bank's cluster: " + failed.getCause().getMessage());
    }
    rules = await(RulesBoard.current(customers.vertx()), 30);
    if (rules == null) {
      throw new Unavailable("no bank is running in cluster '" + (clusterName == null ? "bankbus" : clusterName)
          + "' (no node has published rules)");
    }
  }

  Vertx vertx() {
    return customers.vertx();
  }

  BankRules rules() {
    return rules;
  }

  /** The bank's nodes: every member of the cluster but this process (at least one). */
  int nodeCount() {
    return Math.max(1, customers.clusterManager().getNodes().size() - 1);
  }

  /** Whether no partition of the cluster's data is migrating or missing a backup (asks the cluster: blocks). */
  boolean clusterSafe() {
    return customers.clusterManager().getHazelcastInstance().getPartitionService().isClusterSafe();
  }

  /** The cluster ids of the bank's nodes, right now. */
  Collection<String> nodeIds() {
    String self = customers.clusterManager().getNodeId();
    return customers.clusterManager().getNodes().stream().filter(node -> !node.equals(self)).toList();
  }

  /** The nodes load started; {@code null} with {@code --nodes 0}. */
  NodeFleet fleet() {
    return fleet;
  }

  /** Starts a node in place of the fleet's node {@code i}, gone; returns its PID once it is ready. */
  long replace(int i) throws IOException, InterruptedException {
    fleet.replace(fleetSpec, i, 120);
    return fleet.pids().get(i);
  }

  @Override
  public void close() throws Exception {
    try {
      if (customers != null) {
        await(customers.vertx().close(), 60);
      }
    } finally {
      if (fleet != null) {
        fleet.close();
        err.println("Stopped the bank nodes; exit codes " + fleet.exitCodes());
      }
    }
  }
}
