package io.bankbus.support;

import com.hazelcast.cluster.Member;
import io.bankbus.cluster.Clustering;
import io.bankbus.cluster.FreePorts;
import io.bankbus.messagepassing.ShardClaim;
import io.bankbus.messagepassing.ShardClaims;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message-passing bank of node processes started from the jar, for fault tests: each node owns a contiguous
 * share of the ledger shards at first; a load runs against it from this JVM ({@code load --nodes 0}); an observer
 * (a lite member in this JVM) reads the shards' claims, so that a test waits for what it needs, never for a time.
 * Every process is stopped by its PID in {@link #close()}.
 *
 * <p>The observer is an instrument, and it can be cut off: a test JVM that stands still past failure detection on
 * a busy machine is removed by the master, comes back as a cluster of its own with no data member, and merges back
 * only when every listed member answers, so not while a node is frozen with SIGSTOP (docs/testing.md, Layout). A
 * read that finds the observer without a data member therefore replaces it with a fresh one: what a test waits
 * for is the bank's claims, not the observer's own membership.
 */
public final class ShardFleet implements AutoCloseable {
  public static final int SHARDS = 16;
  private static final Logger LOG = LoggerFactory.getLogger(ShardFleet.class);

  private final String cluster = TestClusters.uniqueClusterName("failover");
  private final List<Integer> ports;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final int started;
  private volatile Clustering.ClusteredVertx observer;
  /** Observers replaced after they were cut off ({@link #poll}); closed last in {@link #close()}. */
  private final List<Clustering.ClusteredVertx> cutOff = new ArrayList<>();

  private final Path dir;
  private final List<Load> loads = new ArrayList<>();

  private final int expectedNodes;

  /** {@code n} nodes, and room for {@code extra} more to join later; their output goes to {@code dir} when closed. */
  public ShardFleet(Path dir, int n, int extra) throws Exception {
    this(dir, n, extra, 0);
  }

  /** As above, the nodes started with {@code --expected-nodes expectedNodes} (the majority rule) unless it is 0. */
  public ShardFleet(Path dir, int n, int extra, int expectedNodes) throws Exception {
    this.dir = dir;
    this.expectedNodes = expectedNodes;
    Files.createDirectories(dir);
    ports = TestClusters.freePorts(n + extra + 2);
    started = n;
    // One after the other: nodes forming a cluster all at once on a busy machine have failed to deploy (a
    // claim's write lost its backup while the third member joined).
    for (int i = 0; i < n; i++) {
      int from = i * SHARDS / n;
      int to = (i + 1) * SHARDS / n - 1;
      NodeProcess node = start(i, from + "-" + to);
      nodes.add(node);
      node.awaitReady(120);
    }
    observer = TestClusters.joinLite(cluster, ports.get(ports.size() - 1), nodePorts())
        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** The listening ports of the bank's nodes, started or to join. */
  private List<Integer> nodePorts() {
    return ports.subList(0, ports.size() - 2);
  }

  private NodeProcess start(int i, String shards) throws IOException {
    List<String> args = new ArrayList<>(List.of("node", "--cluster-name", cluster, "--port", "" + ports.get(i),
        "--members", members(), "--models", "message-passing", "--cashiers", "2", "--shards", "" + SHARDS,
        "--own-shards", shards, "--stop-with", "" + ProcessHandle.current().pid()));  // gone with this JVM
    if (expectedNodes > 0) {
      args.addAll(List.of("--expected-nodes", "" + expectedNodes));
    }
    return NodeProcess.start(args.toArray(String[]::new));
  }

  private String members() {
    return String.join(",", nodePorts().stream().map(p -> "127.0.0.1:" + p).toList());
  }

  public NodeProcess node(int i) {
    return nodes.get(i);
  }

  /** Starts one more node, owning no shard at first (it takes its share as the shards spread), and waits for it. */
  public NodeProcess join() throws Exception {
    NodeProcess node = start(nodes.size(), "auto");
    nodes.add(node);
    node.awaitReady(120);
    return node;
  }

  /** The node id in a node's ready line. */
  public static String idOf(NodeProcess node) throws Exception {
    String ready = node.awaitReady(1);
    return ready.substring("bankbus node ".length(), ready.indexOf(" ready: "));
  }

  /** Waits until Hazelcast has no partition migration or replica sync under way (its data on two members again). */
  public void awaitClusterSafe(long seconds) throws Exception {
    TestClusters.awaitClusterSafe(observer, seconds * 1000).toCompletionStage().toCompletableFuture()
        .get(seconds + 10, TimeUnit.SECONDS);
  }

  /** The lite member this fleet reads the cluster through (the claims; a test may ask the bank through it too). */
  public Vertx observerVertx() {
    return observer.vertx();
  }

  public Future<Map<Integer, ShardClaim>> claims() {
    return new ShardClaims(observer.vertx(), "observer").all();
  }

  /** Completes when every shard's claim satisfies {@code wanted} (polled every 100 ms), or fails after {@code seconds}. */
  public Map<Integer, ShardClaim> awaitClaims(Predicate<Map<Integer, ShardClaim>> wanted, long seconds)
      throws Exception {
    Promise<Map<Integer, ShardClaim>> seen = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    poll(wanted, deadline, seen);
    return seen.future().toCompletionStage().toCompletableFuture().get(seconds + 10, TimeUnit.SECONDS);
  }

  private void poll(Predicate<Map<Integer, ShardClaim>> wanted, long deadline, Promise<Map<Integer, ShardClaim>> seen) {
    claims().onComplete(read -> {
      if (read.succeeded() && read.result().size() == SHARDS && wanted.test(read.result())) {
        seen.complete(read.result());
      } else if (System.nanoTime() > deadline) {
        seen.fail("claims never got there; last read: " + (read.succeeded() ? read.result() : read.cause())
            + "; the observer's members: " + observerMembers());
      } else if (read.failed() && observerCutOff()) {
        replaceObserver().onComplete(replaced -> observer.vertx().setTimer(100, t -> poll(wanted, deadline, seen)));
      } else {
        observer.vertx().setTimer(100, t -> poll(wanted, deadline, seen));
      }
    });
  }

  private Set<Member> observerMembers() {
    return observer.clusterManager().getHazelcastInstance().getCluster().getMembers();
  }

  /** Whether the observer sees no data member, i.e. it was removed from the bank's cluster (see the class comment). */
  private boolean observerCutOff() {
    return observerMembers().stream().allMatch(Member::isLiteMember);
  }

  /** A fresh observer in place of one that was cut off; the old one is closed in {@link #close()}. */
  private Future<Void> replaceObserver() {
    Clustering.ClusteredVertx old = observer;
    LOG.warn("the fleet's observer sees no data member (cut off from the bank's cluster: {}); joining a fresh one",
        observerMembers());
    int port;
    try {
      port = FreePorts.pick(ports);   // a cut-off observer's port is still bound, so never picked
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return TestClusters.joinLite(cluster, port, nodePorts()).map(fresh -> {
      cutOff.add(old);
      observer = fresh;
      return null;
    });
  }

  /**
   * A message-passing load against this bank: a {@code load --nodes 0} process of its own, stopped in
   * {@link #close()}. Its customers retry up to 20 times (the same operation id), so that a transfer cut in half by
   * a fault is finished by its customer's retry within the run rather than left to the bank.
   */
  public final class Load {
    public final CompletableFuture<String> measuring;
    private final NodeProcess process;
    private final Path dir;

    Load(Path dir, String... extra) throws IOException {
      this.dir = dir;
      List<String> args = new ArrayList<>(List.of("load", "--nodes", "0", "--cluster-name", cluster, "--members",
          members(), "--models", "message-passing", "--warmup", "2", "--jit-warmup", "0", "--customers", "16",
          "--accounts", "200", "--patience", "10000", "--retries", "20", "--output", dir.toString()));
      args.addAll(List.of(extra));
      process = NodeProcess.start(args.toArray(String[]::new));
      measuring = process.line(" measuring ");
    }

    /** The exit code, waiting at most {@code seconds}. */
    public int exit(long seconds) throws InterruptedException {
      return process.awaitExit(seconds);
    }

    public String output() {
      return process.output();
    }

    /** The message-passing run of report.json. */
    public JsonObject run() throws IOException {
      return new JsonObject(Files.readString(dir.resolve("report.json"))).getJsonArray("runs").getJsonObject(0);
    }

    void close() {
      process.close();
    }
  }

  public Load load(String... extra) throws IOException {
    Load load = new Load(dir.resolve("load"), extra);
    loads.add(load);
    return load;
  }

  /** SIGSTOP or SIGCONT to a node, by its PID. */
  public static void signal(NodeProcess node, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, "" + node.pid()).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + node.pid() + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = 0; i < nodes.size(); i++) {
      Files.writeString(dir.resolve("node-" + (i + 1) + ".log"), nodes.get(i).output());
    }
    for (int i = 0; i < loads.size(); i++) {
      Files.writeString(dir.resolve("load-" + (i + 1) + ".out"), loads.get(i).output());
    }
    loads.forEach(Load::close);
    if (observer != null) {
      observer.vertx().close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    for (NodeProcess node : nodes) {
      try {
        signal(node, "CONT");
      } catch (Exception ignored) {
        // already gone
      }
      node.close();
    }
    for (Clustering.ClusteredVertx old : cutOff) {   // last: its merge may wait for a frozen node to answer
      try {
        old.vertx().close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        LOG.warn("an observer that was cut off did not close within 60 s", e);
      }
    }
  }

  public int started() {
    return started;
  }
}
