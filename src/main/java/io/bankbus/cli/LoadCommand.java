package io.bankbus.cli;

import static io.bankbus.cli.CliSupport.await;

import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.EventBusTls;
import io.bankbus.client.RetryPolicy;
import io.bankbus.customer.CapacityProbe;
import io.bankbus.customer.LoadOptions;
import io.bankbus.customer.LoadRun;
import io.bankbus.customer.Workload;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.bankbus.report.HtmlReport;
import io.bankbus.report.RunReport;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.Checks;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
    modelTransformer = ExitCodeHelp.class)
@ExitCode.Returns(success = "every required audit passed", value = {ExitCode.OK, ExitCode.USAGE,
    ExitCode.CLUSTER_JOIN_FAILED, ExitCode.AUDIT_FAILED, ExitCode.RUN_FAILED, ExitCode.HEAP_GREW})
public final class LoadCommand implements Callable<Integer> {

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
      converter = CliSupport.ModelConverter.class, description = "Models to run, in order. Default: ${DEFAULT-VALUE}.")
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

  @CommandLine.Mixin
  NetworkFlags network;

  private EventBusTls tls;

  @Override
  public Integer call() throws Exception {
    LoadOptions load;
    try {
      Checks.range("--nodes", nodes, 0, 8);
      Checks.range("--cashiers", cashiers, 1, 64);
      Checks.range("--shards", shards, 1, 1024);
      Checks.range("--customers", customers, 1, 10_000);
      Checks.require(heap.matches("\\d{1,6}[mMgG]"), "--heap must look like 512m or 2g, got '" + heap + "'");
      Workload workload = new Workload(accounts, 100_000, opsPerVisit, Workload.Mix.parse(mix), hotAccounts, hotShare,
          5_000, seed);
      Checks.range("--retries", retries, 0, 100);
      Checks.require(killNodeAfter == null || leaveNodeAfter == null,
          "--kill-node-after and --leave-node-after cannot be combined");
      Double faultAfter = killNodeAfter != null ? killNodeAfter : leaveNodeAfter;
      String flag = killNodeAfter != null ? "--kill-node-after" : "--leave-node-after";
      Checks.require(faultAfter == null || nodes >= 2 && visits <= 0 && faultAfter > 0 && faultAfter < duration,
          flag + " needs --nodes 2 or more, a --duration (not --visits), and 0 < SECONDS < --duration; got "
              + faultAfter + " with --nodes " + nodes + " and --duration " + duration);
      network.check(nodes, duration, visits, faultAfter != null);
      Checks.require(overload == null || overload >= 0.1 && overload <= 100,
          "--overload must be between 0.1 and 100, got " + overload);
      Checks.require(heapEvery == null || heapEvery >= 1 && heapEvery <= 3_600,
          "--heap-every must be between 1 and 3600 seconds, got " + heapEvery);
      Checks.range("--dedup-window", dedupWindow, BankRules.MIN_DEDUP_WINDOW_MS / 1000, BankRules.MAX_DEDUP_WINDOW_MS / 1000);
      LoadOptions.retrySpanWithin(dedupWindow * 1000, patience, operationTimeout);
      Checks.require(nodes != 0 || !spec.commandLine().getParseResult().hasMatchedOption("--dedup-window"),
          "--dedup-window sets the nodes that load starts; with --nodes 0 the running bank's own rule applies");
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
    CliSupport.quietHazelcast();
    Files.createDirectories(output);
    // A fresh cluster name for the nodes it starts; with --nodes 0, the running bank's (cluster.xml's by default).
    String cluster = clusterName != null ? clusterName
        : nodes > 0 ? "bankbus-load-" + ProcessHandle.current().pid() : null;
    PrintWriter err = spec.commandLine().getErr();
    try (LoadBank bank = new LoadBank(err)) {
      try {
        ClusterOptions join = nodes > 0
            ? bank.startNodes(new FleetSpec(nodes, cashiers, models.stream().map(BankModel::wire).toList(), shards,
                heap, cluster, output, List.of("--dedup-window", "" + dedupWindow), true, tlsDir))
            : LoadBank.running(cluster, members, network.bindInterface);
        bank.join(tlsDir == null ? join : join.withTls(tls), cluster);
      } catch (LoadBank.Unavailable unavailable) {
        err.println("bankbus load: " + unavailable.getMessage());
        return ExitCode.CLUSTER_JOIN_FAILED.code();
      }
      return runAll(bank, load, err);
    }
  }

  private int runAll(LoadBank bank, LoadOptions load, PrintWriter err) throws Exception {
    StatusPrinter status = new StatusPrinter(err);
    List<LoadRun.Result> results = new ArrayList<>();
    int victim = nodes - 1;
    int bankNodes = bank.nodeCount();                 // before any run: a killed node is not replaced after the last
    for (BankModel model : models) {
      try {
        LoadOptions options = overload == null ? load
            : OverloadStep.overloaded(bank.vertx(), model, load, overload, bank.rules(), status, err);
        LoadRun run = new LoadRun(bank.vertx(), model, options, bank.rules(), status::line);
        if (heapEvery != null) {
          run.withHeapSampling(heapEvery, bank::nodeIds);
        }
        if (killNodeAfter != null) {
          run.withFault(killNodeAfter, "kill", () -> bank.fleet().kill(victim));
        } else if (leaveNodeAfter != null) {
          run.withFault(leaveNodeAfter, "leave", () -> bank.fleet().stopNode(victim));
        } else if (network.partitioning()) {
          run.withPartition(network.partitionAfter, network.healAfter, network.network(bank, bankNodes));
        }
        LoadRun.Result result = await(run.execute(), (long) (options.warmupSeconds() + options.durationSeconds()) + 600);
        results.add(result);
        status.done();
        bank.vertx().eventBus().publish(Addresses.AUDITS, new JsonObject().put("model", model.wire())
            .put("passed", result.audit().passed()));
        if (!result.faults().isEmpty() && model != models.get(models.size() - 1)) {
          long pid = bank.replace(victim);
          err.println("Started a node in place of the " + (killNodeAfter != null ? "killed " : "stopped ")
              + result.faults().get(0).node() + ": PID " + pid);
        }
      } catch (ExecutionException failed) {
        status.done();
        err.println("bankbus load: the " + model.wire() + " run failed: " + failed.getCause().getMessage());
        return ExitCode.RUN_FAILED.code();
      } catch (IllegalArgumentException unsafe) {              // e.g. a running bank's window too short for customers
        err.println("bankbus load: the " + model.wire() + " run cannot start: " + unsafe.getMessage());
        return ExitCode.RUN_FAILED.code();
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
      return ExitCode.AUDIT_FAILED.code();
    }
    return RunReport.heapsFlat(report) ? ExitCode.OK.code() : ExitCode.HEAP_GREW.code();
  }
}
