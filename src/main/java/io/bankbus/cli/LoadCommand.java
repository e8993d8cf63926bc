package io.bankbus.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.Clustering;
import io.bankbus.cluster.EventBusTls;
import io.bankbus.customer.CapacityProbe;
import io.bankbus.customer.LoadOptions;
import io.bankbus.customer.LoadRun;
import io.bankbus.customer.RetryPolicy;
import io.bankbus.customer.Workload;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.bankbus.report.HtmlReport;
import io.bankbus.report.RunReport;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.RulesBoard;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bankbus load}: starts a bank, sends the same customers through each model, audits and reports. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs the same workload against each bank model and reports what each achieved.",
        "",
        "Starts --nodes bank node processes on 127.0.0.1 (or uses a running bank with --nodes 0), joins their",
        "cluster as the customers' process, and for each model: opens the accounts, runs customers (closed loop,",
        "or open loop with --rate), warms up, measures, drains, and audits what the bank recorded. Prints a",
        "comparison table, writes report.json, stops every process it started, and exits 0 only if every audit",
        "that must pass passed (unlocked-shared-state is expected to lose updates)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every required audit passed",
        "2:bad command line",
        "3:the bank's nodes did not start or could not be joined",
        "5:an audit that must pass failed (with --kill-node-after too: the audit must pass despite the kill)",
        "6:a run could not be completed (accounts not opened, visits not drained)",
        "7:with --heap-every: a process's heap after GC kept growing after the dedup window (see report)"})
public final class LoadCommand implements Callable<Integer> {
  static final int AUDIT_FAILED = 5;
  static final int RUN_FAILED = 6;
  static final int HEAP_GREW = 7;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  Verbosity verbosity;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "2", description = "Bank node processes to start, 0-8; 0 uses a running bank (see --members). Default: ${DEFAULT-VALUE}.")
  int nodes;

  @Option(names = "--cashiers", paramLabel = "N", defaultValue = "4", description = "Cashiers per node and model, 1-64. Default: ${DEFAULT-VALUE}.")
  int cashiers;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "64", description = "Closed loop: customers; open loop: most visits in flight. 1-10000. Default: ${DEFAULT-VALUE}.")
  int customers;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "15", description = "Measured seconds per model. Default: ${DEFAULT-VALUE}.")
  double duration;

  @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "5", description = "Seconds of load before measuring, per model. Default: ${DEFAULT-VALUE}.")
  double warmup;

  @Option(names = "--visits", paramLabel = "N", defaultValue = "0", description = "Measured visits per model instead of --duration; 0: use the duration. Default: ${DEFAULT-VALUE}.")
  long visits;

  @Option(names = "--rate", paramLabel = "VISITS/S", defaultValue = "0", description = "Open loop: customer arrivals per second, latency counted from the intended arrival; 0: closed loop. With --overload: the least arrival rate, whatever the capacity measured. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--accounts", paramLabel = "N", defaultValue = "1000", description = "Accounts, 2-1000000. Default: ${DEFAULT-VALUE}.")
  int accounts;

  @Option(names = "--ops-per-visit", paramLabel = "N", defaultValue = "3", description = "Operations per visit, 1-100. Default: ${DEFAULT-VALUE}.")
  int opsPerVisit;

  @Option(names = "--mix", paramLabel = "MIX", defaultValue = "deposit=30,withdraw=20,transfer=30,balance=20", description = "Operation mix (weights). Default: ${DEFAULT-VALUE}.")
  String mix;

  @Option(names = "--hot-accounts", paramLabel = "FRACTION", defaultValue = "0.01", description = "Share of accounts that are hot, (0,1]. Default: ${DEFAULT-VALUE}.")
  double hotAccounts;

  @Option(names = "--hot-share", paramLabel = "FRACTION", defaultValue = "0.5", description = "Share of operations aimed at a hot account, [0,1]. Default: ${DEFAULT-VALUE}.")
  double hotShare;

  @Option(names = "--models", split = ",", defaultValue = "message-passing,shared-state,unlocked-shared-state",
      converter = NodeCommand.ModelConverter.class, description = "Models to run, in order. Default: ${DEFAULT-VALUE}.")
  List<BankModel> models;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed: the same seed gives the same workload. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "target/load", description = "Where report.json and node logs go. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "512m", description = "JVM heap of each node process (-Xmx). Default: ${DEFAULT-VALUE}.")
  String heap;

  @Option(names = "--shards", paramLabel = "N", defaultValue = "8", description = "Ledger shards of the bank it starts, 1-1024. Default: ${DEFAULT-VALUE}.")
  int shards;

  @Option(names = "--operation-timeout", paramLabel = "MS", defaultValue = "10000", description = "A customer's wait for one reply. Default: ${DEFAULT-VALUE}.")
  long operationTimeout;

  @Option(names = "--patience", paramLabel = "MS", defaultValue = "30000", description = "A customer's longest wait in the queue; a customer whose ticket was not called by then takes a new one. Default: ${DEFAULT-VALUE}.")
  long patience;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "7", description = "Retries of a failed operation, same operation id, jittered backoff from 50 ms up to 2 s; 0-100. Default: ${DEFAULT-VALUE}.")
  int retries;

  @Option(names = "--kill-node-after", paramLabel = "SECONDS", description = "Fault injection: this many seconds into each model's measured phase, SIGKILL the last node started; before the next model a fresh node takes its place. Needs --nodes 2 or more and a --duration longer than SECONDS.")
  Double killNodeAfter;

  @Option(names = "--leave-node-after", paramLabel = "SECONDS", description = "Like --kill-node-after, but the node is stopped gracefully (SIGTERM): it hands its ledger shards over as it leaves.")
  Double leaveNodeAfter;

  @Option(names = "--overload", paramLabel = "FACTOR", description = "Open loop at FACTOR x capacity: per model, first the bank's capacity is measured (closed loop, " + CapacityProbe.CUSTOMERS + " customers, at least 20 s of warm-up and 10 s; then 10 s saturated, open loop at 3 x that), then customers arrive at FACTOR x the visits/s served saturated, --customers being the most visits in flight; --rate, if given, is a floor (for a machine where the estimate may come out low). 0.1-100.")
  Double overload;

  @Option(names = "--heap-every", paramLabel = "SECONDS", description = "Every SECONDS, each bank node and the load process report their heap after a full GC; the report judges whether it stayed flat after the dedup window (exit 7 if it grew). 1-3600.")
  Double heapEvery;

  @Option(names = "--dedup-window", paramLabel = "SECONDS", defaultValue = "120", description = "The started nodes' dedup window (node --dedup-window): how long the bank remembers an operation id. A run longer than the window is audited by account balance. 5-86400. Default: ${DEFAULT-VALUE}.")
  long dedupWindow;

  @Option(names = "--tls-dir", paramLabel = "DIR", description = "TLS with client authentication on the event bus, from a directory made by scripts/gen-certs.sh: the nodes it starts use node-1.p12, node-2.p12, ..., this process load.p12; password from $BANKBUS_TLS_PASSWORD or DIR/password. With --nodes 0 the running bank must use the same authority.")
  Path tlsDir;

  @Option(names = "--cluster-name", paramLabel = "NAME", description = "With --nodes 0: the running bank's cluster name (default: cluster.xml's, bankbus). Otherwise: a fresh name for the nodes it starts.")
  String clusterName;

  @Option(names = "--members", paramLabel = "HOST[:PORT]", split = ",", description = "With --nodes 0: seed members of the running bank. Default: 127.0.0.1:5701.")
  List<String> members;

  private EventBusTls tls;

  @Override
  public Integer call() throws Exception {
    LoadOptions load;
    try {
      checkRange("--nodes", nodes, 0, 8);
      checkRange("--cashiers", cashiers, 1, 64);
      checkRange("--shards", shards, 1, 1024);
      checkRange("--customers", customers, 1, 10_000);
      if (!heap.matches("\\d{1,6}[mMgG]")) {
        throw new IllegalArgumentException("--heap must look like 512m or 2g, got '" + heap + "'");
      }
      Workload workload = new Workload(accounts, 100_000, opsPerVisit, Workload.Mix.parse(mix), hotAccounts, hotShare,
          5_000, seed);
      checkRange("--retries", retries, 0, 100);
      if (killNodeAfter != null && leaveNodeAfter != null) {
        throw new IllegalArgumentException("--kill-node-after and --leave-node-after cannot be combined");
      }
      Double faultAfter = killNodeAfter != null ? killNodeAfter : leaveNodeAfter;
      String flag = killNodeAfter != null ? "--kill-node-after" : "--leave-node-after";
      if (faultAfter != null && (nodes < 2 || visits > 0 || !(faultAfter > 0 && faultAfter < duration))) {
        throw new IllegalArgumentException(flag + " needs --nodes 2 or more, a --duration (not --visits),"
            + " and 0 < SECONDS < --duration; got " + faultAfter + " with --nodes " + nodes + " and --duration "
            + duration);
      }
      if (overload != null && !(overload >= 0.1 && overload <= 100)) {
        throw new IllegalArgumentException("--overload must be between 0.1 and 100, got " + overload);
      }
      if (heapEvery != null && !(heapEvery >= 1 && heapEvery <= 3_600)) {
        throw new IllegalArgumentException("--heap-every must be between 1 and 3600 seconds, got " + heapEvery);
      }
      checkRange("--dedup-window", dedupWindow, BankRules.MIN_DEDUP_WINDOW_MS / 1000, BankRules.MAX_DEDUP_WINDOW_MS / 1000);
      if (RetryPolicy.spanWithin(dedupWindow * 1000, patience, operationTimeout) < 0) {
        throw new IllegalArgumentException("--dedup-window " + dedupWindow + " is too short for --patience " + patience
            + " and --operation-timeout " + operationTimeout + ": a customer's retry could reach the bank after it"
            + " forgot the first attempt; give at least " + (patience + operationTimeout + RetryPolicy.SAFETY_MS) / 1000
            + " s, or less patience");
      }
      if (nodes == 0 && spec.commandLine().getParseResult().hasMatchedOption("--dedup-window")) {
        throw new IllegalArgumentException("--dedup-window sets the nodes that load starts; with --nodes 0 the running"
            + " bank's own rule applies");
      }
      if (tlsDir != null) {
        tls = EventBusTls.load(tlsDir, "load", System.getenv());
        for (int i = 1; i <= nodes; i++) {
          EventBusTls.load(tlsDir, "node-" + i, System.getenv());
        }
      }
      load = new LoadOptions(customers, warmup, duration, visits, rate, workload, operationTimeout, patience,
          new RetryPolicy(retries + 1, RetryPolicy.DEFAULT.baseDelayMs(), RetryPolicy.DEFAULT.maxDelayMs()));
    } catch (IllegalArgumentException bad) {
      throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
    }
    quietHazelcast();
    Files.createDirectories(output);
    // A fresh cluster name for the nodes it starts; with --nodes 0, the running bank's (cluster.xml's by default).
    String cluster = clusterName != null ? clusterName
        : nodes > 0 ? "bankbus-load-" + ProcessHandle.current().pid() : null;
    NodeFleet fleet = null;
    NodeFleet.Spec fleetSpec = null;
    PrintWriter err = spec.commandLine().getErr();
    try {
      ClusterOptions joinOptions;
      if (nodes > 0) {
        fleetSpec = new NodeFleet.Spec(nodes, cashiers, models.stream().map(BankModel::wire).toList(), shards, heap,
            cluster, output, List.of("--dedup-window", "" + dedupWindow), true, tlsDir);
        fleet = NodeFleet.start(fleetSpec);
        err.println("Starting " + nodes + " bank nodes (PIDs " + fleet.pids() + ", logs in " + output + ")");
        try {
          fleet.awaitReady(120);
        } catch (IOException notReady) {
          err.println("bankbus load: " + notReady.getMessage());
          return ExitCodes.CLUSTER_JOIN_FAILED;
        }
        fleet.livePage().ifPresent(url -> err.println("Live page: " + url + " (Prometheus metrics: " + url + "metrics)"));
        joinOptions = fleet.joinOptions();
      } else {
        joinOptions = ClusterOptions.defaults().withClusterName(cluster).withBindInterface(ClusterOptions.LOOPBACK)
            .withPort(NodeFleet.freePort(List.of()))
            .withMembers(members == null ? List.of(ClusterOptions.LOOPBACK + ":5701") : members).asLiteMember();
      }
      if (tlsDir != null) {
        joinOptions = joinOptions.withTls(tls);
      }
      Clustering.ClusteredVertx customers;
      try {
        customers = await(Clustering.join(joinOptions), 120);
      } catch (ExecutionException failed) {
        err.println("bankbus load: could not join the bank's cluster: " + failed.getCause().getMessage());
        return ExitCodes.CLUSTER_JOIN_FAILED;
      }
      try {
        return runAll(customers, load, cluster, err, fleet, fleetSpec);
      } finally {
        await(customers.vertx().close(), 60);
      }
    } finally {
      if (fleet != null) {
        fleet.close();
        err.println("Stopped the bank nodes; exit codes " + fleet.exitCodes());
      }
    }
  }

  private int runAll(Clustering.ClusteredVertx customers, LoadOptions load, String cluster, PrintWriter err,
                     NodeFleet fleet, NodeFleet.Spec fleetSpec) throws Exception {
    BankRules rules = await(RulesBoard.current(customers.vertx()), 30);
    if (rules == null) {
      err.println("bankbus load: no bank is running in cluster '" + (cluster == null ? "bankbus" : cluster)
          + "' (no node has published rules)");
      return ExitCodes.CLUSTER_JOIN_FAILED;
    }
    int bankNodes = Math.max(1, customers.clusterManager().getNodes().size() - 1);
    StatusPrinter status = new StatusPrinter(err);
    List<LoadRun.Result> results = new ArrayList<>();
    int victim = nodes - 1;
    for (BankModel model : models) {
      try {
        LoadOptions options = load;
        if (overload != null) {
          options = overloaded(customers, model, load, rules, status, err);
        }
        LoadRun run = new LoadRun(customers.vertx(), model, options, rules, status::line);
        if (heapEvery != null) {
          String self = customers.clusterManager().getNodeId();
          run.withHeapSampling(heapEvery, () -> customers.clusterManager().getNodes().stream()
              .filter(node -> !node.equals(self)).toList());
        }
        if (killNodeAfter != null) {
          run.withFault(killNodeAfter, "kill", () -> fleet.kill(victim));
        } else if (leaveNodeAfter != null) {
          run.withFault(leaveNodeAfter, "leave", () -> fleet.stopNode(victim));
        }
        LoadRun.Result result = await(run.execute(), (long) (options.warmupSeconds() + options.durationSeconds()) + 600);
        results.add(result);
        status.done();
        customers.vertx().eventBus().publish(Addresses.AUDITS, new JsonObject().put("model", model.wire())
            .put("passed", result.audit().passed()));
        if (!result.faults().isEmpty() && model != models.get(models.size() - 1)) {
          fleet.replace(fleetSpec, victim, 120);
          err.println("Started a node in place of the " + (killNodeAfter != null ? "killed " : "stopped ")
              + result.faults().get(0).node() + ": PID "
              + fleet.pids().get(victim));
        }
      } catch (ExecutionException failed) {
        status.done();
        err.println("bankbus load: the " + model.wire() + " run failed: " + failed.getCause().getMessage());
        return RUN_FAILED;
      } catch (IllegalArgumentException unsafe) {              // e.g. a running bank's window too short for customers
        err.println("bankbus load: the " + model.wire() + " run cannot start: " + unsafe.getMessage());
        return RUN_FAILED;
      }
    }
    JsonObject report = RunReport.toJson(results, new RunReport.Setup(bankNodes, cashiers, load.customers(),
        load.workload().accounts()));
    Path file = output.resolve("report.json");
    Files.writeString(file, report.encodePrettily());
    Files.writeString(output.resolve("report.html"), HtmlReport.render(report));
    PrintWriter out = spec.commandLine().getOut();
    out.print(RunReport.table(report));
    out.println("Report: " + file + " (and " + output.resolve("report.html") + ", readable offline)");
    out.flush();
    if (!RunReport.auditsPassed(report)) {
      return AUDIT_FAILED;
    }
    return RunReport.heapsFlat(report) ? ExitCodes.OK : HEAP_GREW;
  }

  /** The options of an --overload run: arrivals at --overload times the capacity measured first, at least --rate. */
  private LoadOptions overloaded(Clustering.ClusteredVertx customers, BankModel model, LoadOptions load,
                                 BankRules rules, StatusPrinter status, PrintWriter err) throws Exception {
    double estimate = await(CapacityProbe.closedLoop(customers.vertx(), model, load, rules, status::line),
        (long) (CapacityProbe.SECONDS + Math.max(20, load.warmupSeconds())) + 600);
    status.done();
    CapacityProbe.Capacity measured = await(CapacityProbe.saturated(customers.vertx(), model, load, estimate, rules,
        status::line), (long) (CapacityProbe.SECONDS + 3) + 600);
    status.done();
    // --rate is a floor: an estimate made while the bank still warmed up, or while the machine was busier, can be
    // half of what the bank serves minutes later, and twice that is then no overload at all.
    double arrivals = Math.max(measured.capacity() * overload, rate);
    err.printf(Locale.ROOT, "%s: capacity %.1f visits/s (closed loop %.1f; saturated at %.1f arrivals/s, %.0f s each);"
        + " arrivals now at %.1f/s (%.1f x%s), at most %d visits in flight%n", model.wire(), measured.capacity(),
        measured.closedLoop(), measured.saturatedArrivals(), CapacityProbe.SECONDS, arrivals,
        arrivals / measured.capacity(), arrivals > measured.capacity() * overload ? ", the --rate floor" : "",
        load.customers());
    err.flush();
    return new LoadOptions(load.customers(), load.warmupSeconds(), load.durationSeconds(), load.visits(), arrivals,
        load.workload(), load.operationTimeoutMs(), load.patienceMs(), load.retry());
  }

  static <T> T await(Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  private static void checkRange(String flag, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** Hazelcast's member lists would break the status line; its warnings still show. */
  static void quietHazelcast() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger("com.hazelcast").setLevel(Level.WARN);
      context.getLogger("com.hazelcast.internal.cluster.ClusterService").setLevel(Level.WARN);
    }
  }
}
