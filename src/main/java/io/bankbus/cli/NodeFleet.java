package io.bankbus.cli;

import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bank node processes started by the load and bench commands, all on 127.0.0.1 on ports picked free, each
 * writing to its own log file; how each is started is its {@link FleetSpec}'s. Each node is told to stop with this process ({@code --stop-with}), so none
 * outlives it even if this JVM is killed; {@link #close()} stops them by PID (SIGTERM, then SIGKILL after a
 * bound), and so does Ctrl-C on this process, through a shutdown hook the fleet holds while it runs.
 */
final class NodeFleet implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();
  /** Nodes killed on purpose and replaced: already gone, kept to be reaped. */
  private final List<Process> killed = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final String clusterName;
  private final List<Integer> ports;
  private final int joinPort;
  /** The event loops of each process of the fleet, this one's included. */
  private int eventLoops;
  /** The first node's HTTP port when the spec asks for the live page, else 0. */
  private int httpPort;
  private final Thread stopOnExit = new Thread(this::stopInterrupted, "bankbus-stop-nodes");

  private NodeFleet(String clusterName, List<Integer> ports, int joinPort) {
    this.clusterName = clusterName;
    this.ports = ports;
    this.joinPort = joinPort;
  }

  static NodeFleet start(FleetSpec spec) throws IOException {
    Files.createDirectories(spec.logDir());
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i <= spec.nodes(); i++) {
      free.add(FreePorts.pick(free));
    }
    NodeFleet fleet = new NodeFleet(spec.clusterName(), List.copyOf(free.subList(0, spec.nodes())),
        free.get(spec.nodes()));
    fleet.eventLoops = spec.eventLoops();
    if (spec.livePage()) {
      free.add(fleet.httpPort = FreePorts.pick(free));
    }
    Runtime.getRuntime().addShutdownHook(fleet.stopOnExit);
    try {
      for (int i = 0; i < spec.nodes(); i++) {
        fleet.launch(spec, i, FleetSpec.shardsOf(i, spec.nodes(), spec.shards()));
      }
    } catch (IOException | RuntimeException e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /** Starts node {@code i} (1-based in its log's name) on its port, joining the others, owning {@code shards}. */
  private void launch(FleetSpec spec, int i, String shards) throws IOException {
    List<String> command = spec.command(i, ports, shards, i == 0 ? httpPort : 0);
    Path log = spec.logDir().resolve("node-" + (i + 1) + (i < logs.size() ? "-replacement" : "") + ".log");
    Files.deleteIfExists(log);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (i < processes.size()) {
      killed.add(processes.set(i, process));
      logs.set(i, log);
    } else {
      processes.add(process);
      logs.add(log);
    }
  }

  /** SIGKILL to node {@code i}, by PID: no shutdown hook runs, no shard is handed over. Waits until it is gone. */
  String kill(int i) throws InterruptedException {
    Process p = processes.get(i);
    p.toHandle().destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
    return "node-" + (i + 1) + " (pid " + p.pid() + ")";
  }

  /** SIGTERM to node {@code i}, by PID: it leaves gracefully. Waits (bounded) until it has exited. */
  String stopNode(int i) throws InterruptedException {
    Process p = processes.get(i);
    p.toHandle().destroy();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.toHandle().destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    return "node-" + (i + 1) + " (pid " + p.pid() + ")";
  }

  /**
   * Starts a new node in place of the dead node {@code i}, on the same port, owning no shard at first (it adopts
   * orphans like any shard-owning node), and waits until it is ready.
   */
  void replace(FleetSpec spec, int i, long seconds) throws IOException, InterruptedException {
    launch(spec, i, "auto");
    awaitReady(seconds);
  }

  /**
   * How the customers' process joins the fleet's cluster: its name, 127.0.0.1, a port kept free for it, as a lite
   * member (it holds none of the bank's data).
   */
  ClusterOptions joinOptions() {
    return ClusterOptions.defaults().withClusterName(clusterName).withBindInterface(ClusterOptions.LOOPBACK)
        .withPort(joinPort).withMembers(ports.stream().map(p -> ClusterOptions.LOOPBACK + ":" + p).toList())
        .withEventLoops(eventLoops).asLiteMember();
  }

  /** The first node's live page, if the spec asked for it. */
  java.util.Optional<String> livePage() {
    return httpPort == 0 ? java.util.Optional.empty() : java.util.Optional.of("http://127.0.0.1:" + httpPort + "/");
  }

  /** Waits, at most {@code seconds}, for every node's ready line; fails naming a node that exited or is late. */
  void awaitReady(long seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int i = 0; i < processes.size(); i++) {
      while (!ready(logs.get(i))) {
        if (!processes.get(i).isAlive()) {
          throw new IOException("node " + (i + 1) + " exited with code " + processes.get(i).exitValue()
              + " before it was ready; see " + logs.get(i));
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("node " + (i + 1) + " was not ready after " + seconds + " s; see " + logs.get(i));
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }

  private static boolean ready(Path log) throws IOException {
    return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(" ready: ");
  }

  List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  private void stopInterrupted() {
    System.err.println("Interrupted: stopping the bank nodes " + pids());
    System.err.flush();
    stop();
  }

  /** SIGTERM to each node by PID, a bounded wait for a clean exit, then SIGKILL. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it stops the nodes.
    }
    stop();
  }

  private void stop() {
    processes.forEach(p -> p.toHandle().destroy());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Process p : processes) {
      try {
        if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          p.toHandle().destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.toHandle().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Exit codes of the nodes (after {@link #close()}); -1 for one still running. */
  List<Integer> exitCodes() {
    return processes.stream().map(p -> p.isAlive() ? -1 : p.exitValue()).toList();
  }
}
