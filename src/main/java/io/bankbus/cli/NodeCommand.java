package io.bankbus.cli;

import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.Endpoint;
import io.bankbus.node.BankNode;
import io.bankbus.node.BankNodeException;
import io.bankbus.node.NodeOptions;
import io.bankbus.messagepassing.ShardSelection;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.Checks;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bankbus node}: one clustered bank node, running until Ctrl-C or SIGTERM. */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Starts one clustered bank node and serves until Ctrl-C or SIGTERM.",
        "",
        "Joins the Hazelcast cluster, deploys a branch with its cashiers and the ledger shards it can own,",
        "prints one ready line, and serves. On Ctrl-C / SIGTERM it undeploys, leaves the cluster and exits 0.",
        "Run it in two or three terminals to form one bank. Message passing keeps each ledger shard on its",
        "owner and a follower on another node that owns shards, so an acknowledged operation survives the loss",
        "of one node; a bank of one such node has no follower, and what it acknowledged is lost if it dies.",
        "Cluster flags default to the BANKBUS_* environment variables shown, then to cluster.xml."},
    modelTransformer = ExitCodeHelp.class)
@ExitCode.Returns(success = "stopped by Ctrl-C / SIGTERM after a clean shutdown", value = {ExitCode.OK,
    ExitCode.SHUTDOWN_FAILED, ExitCode.USAGE, ExitCode.CLUSTER_JOIN_FAILED, ExitCode.DEPLOYMENT_FAILED})
public final class NodeCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  Verbosity verbosity;

  @CommandLine.Mixin
  NodeClusterFlags cluster;

  @Option(names = "--models", paramLabel = "MODEL[,MODEL...]", split = ",", defaultValue = "message-passing",
      converter = CliSupport.ModelConverter.class,
      description = "Bank models this node serves, each with its own branch and cashiers: message-passing,"
          + " shared-state, unlocked-shared-state. Default: ${DEFAULT-VALUE}.")
  List<BankModel> models;

  @Option(names = "--cashiers", paramLabel = "N", defaultValue = "4",
      description = "Cashiers per model on this node, 0-256; 0 runs no branch. Default: ${DEFAULT-VALUE}.")
  int cashiers;

  @Option(names = "--shards", paramLabel = "N", defaultValue = "" + BankRules.DEFAULT_LEDGER_SHARDS,
      description = "Ledger shards in the bank, 1-1024 (a bank rule: the first node sets it). Default: ${DEFAULT-VALUE}.")
  int shards;

  @Option(names = "--own-shards", paramLabel = "auto|none|LIST", defaultValue = "auto",
      converter = CliSupport.ShardSelectionConverter.class,
      description = "Ledger shards this node owns: auto (all not yet owned, if it serves message-passing), none, or a list like 0-3,6. Default: ${DEFAULT-VALUE}.")
  ShardSelection ownShards;

  @Option(names = "--max-amount", paramLabel = "CENTS", defaultValue = "100000000",
      description = "Largest single amount, in cents (a bank rule). Default: ${DEFAULT-VALUE}.")
  long maxAmount;

  @Option(names = "--waiting-room", paramLabel = "N", defaultValue = "1000",
      description = "Customers a branch lets wait, 1-1000000; more get BANK_FULL (a bank rule). Default: ${DEFAULT-VALUE}.")
  int waitingRoom;

  @Option(names = "--visit-idle-timeout", paramLabel = "MS", defaultValue = "10000",
      description = "A cashier ends a visit silent for this long, 100-3600000 (a bank rule). Default: ${DEFAULT-VALUE}.")
  long visitIdleTimeout;

  @Option(names = "--request-timeout", paramLabel = "MS", defaultValue = "5000",
      description = "How long a cashier waits for the ledger, 100-600000 (a bank rule). Default: ${DEFAULT-VALUE}.")
  long requestTimeout;

  @Option(names = "--lock-timeout", paramLabel = "MS", defaultValue = "2000",
      description = "How long a shared-state cashier waits for an account lock, 10-600000 (a bank rule). Default: ${DEFAULT-VALUE}.")
  long lockTimeout;

  @Option(names = "--dedup-window", paramLabel = "SECONDS", defaultValue = "120",
      description = "How long the bank remembers an applied operation id, 5-86400 s: a retry within it is answered with the first result; it bounds the memory the bank keeps per operation (a bank rule). Default: ${DEFAULT-VALUE}.")
  long dedupWindow;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Serve the live page (/), Prometheus metrics (/metrics) and the browser bridge (/eventbus) on this port, 0-65535 (0: any free port; the ready line says which). Off by default.")
  Integer httpPort;

  @Option(names = "--http-host", paramLabel = "IP", defaultValue = "127.0.0.1",
      description = "The address --http-port listens on. Default: ${DEFAULT-VALUE} (this machine only).")
  String httpHost;

  @Option(names = "--bridge-port", paramLabel = "PORT",
      description = "Let customers outside the cluster (any language, e.g. scripts/customer.py) in through Vert.x's TCP event-bus bridge on this port, 0-65535 (0: any free port; the ready line says which). They may only take tickets and send their visit's operations; per connection, frames up to 64 KiB and 20 frames/s (burst 50), at most 256 connections: a client that breaks a limit is sent an error frame and closed; one silent both ways for 620 s is closed. Off by default.")
  Integer bridgePort;

  @Option(names = "--bridge-host", paramLabel = "IP", defaultValue = "127.0.0.1",
      description = "The address --bridge-port listens on. Default: ${DEFAULT-VALUE} (this machine only).")
  String bridgeHost;

  @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Longest wait for a clean shutdown, 1-600. Default: ${DEFAULT-VALUE}.")
  int shutdownTimeout;

  @Option(names = "--stop-with", paramLabel = "PID",
      description = "Shut down cleanly when process PID ends (the load command starts its nodes with this).")
  Long stopWith;

  @CommandLine.Mixin
  BenchNode bench;

  @Override
  public Integer call() throws InterruptedException {
    NodeOptions nodeOptions;
    ClusterOptions clusterOptions;
    try {
      nodeOptions = nodeOptions();
      clusterOptions = cluster.options();
    } catch (IllegalArgumentException bad) {
      throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
    }
    BankNode node;
    try {
      node = BankNode.start(clusterOptions, nodeOptions).toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      spec.commandLine().getErr().println("bankbus node: " + cause.getMessage());
      LOG.debug("start-up failed", cause);
      return cause instanceof BankNodeException e && e.step() == BankNodeException.Step.DEPLOY
          ? ExitCode.DEPLOYMENT_FAILED.code() : ExitCode.CLUSTER_JOIN_FAILED.code();
    }
    if (!bench.deployOn(node, spec.commandLine().getErr())) {
      return ExitCode.DEPLOYMENT_FAILED.code();
    }
    NodeShutdown.onExit(node, shutdownTimeout);
    spec.commandLine().getOut().println("bankbus " + eventBusExposure(clusterOptions));
    spec.commandLine().getOut().println("bankbus " + node.describe());
    spec.commandLine().getOut().flush();
    if (stopWith != null) {
      NodeShutdown.withProcess(stopWith);
    }
    new CountDownLatch(1).await();
    return ExitCode.OK.code();
  }

  private NodeOptions nodeOptions() {
    Checks.range("--cashiers", cashiers, 0, 256);
    Checks.range("--shards", shards, 1, 1024);
    Checks.range("--max-amount", maxAmount, 1, Long.MAX_VALUE);
    Checks.range("--waiting-room", waitingRoom, 1, 1_000_000);
    Checks.range("--visit-idle-timeout", visitIdleTimeout, 100, 3_600_000);
    Checks.range("--request-timeout", requestTimeout, 100, 600_000);
    Checks.range("--lock-timeout", lockTimeout, 10, 600_000);
    Checks.range("--dedup-window", dedupWindow, BankRules.MIN_DEDUP_WINDOW_MS / 1000, BankRules.MAX_DEDUP_WINDOW_MS / 1000);
    Checks.range("--shutdown-timeout", shutdownTimeout, 1, 600);
    if (stopWith != null && stopWith < 1) {
      throw new IllegalArgumentException("--stop-with must be a process id, got " + stopWith);
    }
    BankRules rules = new BankRules(maxAmount, waitingRoom, visitIdleTimeout, shards, requestTimeout, lockTimeout,
        dedupWindow * 1000);
    return new NodeOptions(models, cashiers, ownShards, rules, endpoint("--http", httpPort, httpHost),
        endpoint("--bridge", bridgePort, bridgeHost));
  }

  /** Where the event bus listens and who can reach it, said once at start-up. */
  private String eventBusExposure(ClusterOptions options) {
    String host = options.eventBusHost();
    if (options.tls() != null) {
      return "event bus on " + host + " with TLS (" + options.tls() + "): only holders of a certificate of its authority"
          + " are served";
    }
    return host.startsWith("127.")
        ? "event bus on " + host + " without TLS: reachable from this machine only"
        : "WARNING: event bus on " + host + " without TLS: any process that reaches it can send to the bank; use --tls-dir";
  }

  /** {@code <flag>-port} and {@code <flag>-host} as an endpoint, or {@code null} if no port was given. */
  private static Endpoint endpoint(String flag, Integer port, String host) {
    if (port == null) {
      return null;
    }
    Checks.range(flag + "-port", port, 0, 65535);
    AddressChecks.checkIpv4(flag + "-host", host);
    return new Endpoint(host, port);
  }
}
