package io.bankbus.cli;

import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.EventBusTls;
import io.bankbus.client.RetryPolicy;
import io.bankbus.customer.CapacityProbe;
import io.bankbus.customer.LoadOptions;
import io.bankbus.customer.Workload;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.Checks;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bankbus load}: starts a bank, sends the same customers through each model, audits and reports. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs the same workload against each bank model and reports what each achieved.",
        "",
        "Starts --nodes bank node processes on 127.0.0.1 (or uses a running bank with --nodes 0), joins their",
        "cluster as the customers' process, warms every JVM up with every model in turn (--jit-warmup,",
        "unmeasured), then for each model in turn (--rounds times, the order rotated): opens the accounts, runs",
        "customers (closed loop, or open loop with --rate), warms up, measures, drains, and audits what the bank",
        "recorded. Prints a comparison table, how it was measured and what the run shows, writes report.json and",
        "report.html, stops every process it started, and exits 0 only if every audit that must pass passed",
        "(unlocked-shared-state is expected to lose updates)."},
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

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "12", description = "Measured seconds per model. Default: ${DEFAULT-VALUE}.")
  double duration;

  @Option(names = "--jit-warmup", paramLabel = "SECONDS", defaultValue = "10", description = "One unmeasured warm-up before the first measured run: every model in turn for SECONDS each, on every JVM; 0: none (the first model measured then runs on cold JVMs). 0-3600. Default: ${DEFAULT-VALUE}.")
  double jitWarmup;

  @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2", description = "Unmeasured seconds of each measured run before measuring (its queues fill). Default: ${DEFAULT-VALUE}.")
  double warmup;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", description = "Measure every model N times, the order rotated each round; each model's line is its median round by throughput. 1-20. Default: ${DEFAULT-VALUE}.")
  int rounds;

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

  @Option(names = "--shards", paramLabel = "N", defaultValue = "" + BankRules.DEFAULT_LEDGER_SHARDS, description = "Ledger shards of the bank it starts, 1-1024. Default: ${DEFAULT-VALUE}.")
  int shards;

  @Option(names = "--operation-timeout", paramLabel = "MS", defaultValue = "10000", description = "A customer's wait for one reply. Default: ${DEFAULT-VALUE}.")
  long operationTimeout;

  @Option(names = "--patience", paramLabel = "MS", defaultValue = "30000", description = "A customer's longest wait in the queue; a customer whose ticket was not called by then takes a new one. Default: ${DEFAULT-VALUE}.")
  long patience;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "7", description = "Retries of a failed operation, same operation id, jittered backoff from 50 ms up to 2 s; 0-100. Default: ${DEFAULT-VALUE}.")
  int retries;

  @Option(names = "--kill-node-after", paramLabel = "SECONDS", description = "Fault injection: this many seconds into each model's measured phase, SIGKILL the last node started; before the next model a fresh node takes its place. Needs --nodes 2 or more and a --duration longer than SECONDS.")
  Double killNodeAfter;

  @Option(names = "--rehearse-kill", negatable = true, description = "With --kill-node-after: start one node more than --nodes and SIGKILL it halfway through the last warm-up (--jit-warmup, the model measured first), not replaced, so that the bank measured has been through a takeover before its measured kill; the warm-up line reports the rehearsal's own recovery. Without it (the default; --no-rehearse-kill undoes scripts/chaos.sh's), the measured kill is the first takeover the nodes' JIT has seen, and its recovery includes recompiling the failure paths.")
  boolean rehearseKill;

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
      Checks.require(jitWarmup >= 0 && jitWarmup <= 3_600, "--jit-warmup must be between 0 and 3600 seconds, got "
          + jitWarmup);
      Checks.range("--rounds", rounds, 1, 20);
      Checks.require(models.stream().distinct().count() == models.size(), "--models names a model twice: " + models);
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
      Checks.require(!rehearseKill || killNodeAfter != null && nodes >= 2 && nodes < 8 && jitWarmup >= 4,
          "--rehearse-kill needs --kill-node-after, --nodes 2-7 (one more is started) and --jit-warmup 4 or more; got "
              + "--nodes " + nodes + ", --jit-warmup " + jitWarmup
              + (killNodeAfter == null ? " and no --kill-node-after" : ""));
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
        for (int i = 1; i <= started(); i++) {
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
            ? bank.startNodes(new FleetSpec(started(), cashiers, models.stream().map(BankModel::wire).toList(), shards,
                heap, cluster, output, List.of("--dedup-window", "" + dedupWindow), true, tlsDir))
            : LoadBank.running(cluster, members, network.bindInterface);
        bank.join(tlsDir == null ? join : join.withTls(tls), cluster);
      } catch (LoadBank.Unavailable unavailable) {
        err.println("bankbus load: " + unavailable.getMessage());
        return ExitCode.CLUSTER_JOIN_FAILED.code();
      }
      Double faultAfter = killNodeAfter != null ? killNodeAfter : leaveNodeAfter;
      String fault = killNodeAfter != null ? "kill" : leaveNodeAfter != null ? "leave" : null;
      return new LoadSequence(models, rounds, jitWarmup, cashiers, overload, heapEvery, fault, faultAfter,
          rehearseKill, network, output)
          .run(bank, load, spec.commandLine().getOut(), err);
    }
  }

  /** The node processes load starts: {@code --nodes}, and the rehearsal's one. */
  private int started() {
    return nodes + (rehearseKill ? 1 : 0);
  }
}
