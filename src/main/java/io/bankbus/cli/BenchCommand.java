package io.bankbus.cli;

import static io.bankbus.cli.CliSupport.await;

import io.bankbus.bench.RawLoops;
import io.bankbus.cluster.Clustering;
import io.bankbus.customer.LoadOptions;
import io.bankbus.customer.LoadRun;
import io.bankbus.customer.Workload;
import io.bankbus.protocol.BankModel;
import io.bankbus.report.BenchReport;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.RulesBoard;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bankbus bench}: the bank against the raw engine it is built on, measured side by side in one run.
 * Each round measures, one after another on the same processes: request/reply from the customers' process to the
 * nodes (plain, with each answer first written to a replicated map, and with each body first copied to another
 * node over the event bus), and a plain lock → get → put → release loop run on the nodes (where shared-state
 * cashiers take their locks), both at the bank's own concurrency (one operation in flight per cashier,
 * nodes × cashiers in all), and each model through the bank. Medians over the rounds, and the ratios bank ÷ raw, are printed and written to bench.json.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Measures each bank model against the raw engine (clustered request/reply,",
        "cluster lock loop).",
        "",
        "Starts --nodes node processes (with an echo service), joins them, warms the",
        "JIT up, then runs --rounds rounds of: raw request/reply, plain, then with",
        "each answer first put to a map with a synchronous backup, then with a copy",
        "of the request to a follower on another node, answered after its ack; the",
        "raw lock loop; and each model through the bank. Prints medians and ratios."},
    modelTransformer = ExitCodeHelp.class)
@ExitCode.Returns(success = "measured (targets are reported, not enforced)",
    value = {ExitCode.OK, ExitCode.USAGE, ExitCode.AUDIT_FAILED})
public final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "2", description = "Node processes, 2-8. Default: ${DEFAULT-VALUE}.")
  int nodes;

  @Option(names = "--cashiers", paramLabel = "N", defaultValue = "4", description = "Cashiers per node and model. Default: ${DEFAULT-VALUE}.")
  int cashiers;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "64", description = "Customers (closed loop). Default: ${DEFAULT-VALUE}.")
  int customers;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Measured rounds; medians are reported. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--jit-warmup", paramLabel = "SECONDS", defaultValue = "20", description = "Unmeasured load before the first round. Default: ${DEFAULT-VALUE}.")
  double jitWarmup;

  @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "3", description = "Unmeasured seconds before each measurement. Default: ${DEFAULT-VALUE}.")
  double warmup;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10", description = "Measured seconds of each measurement. Default: ${DEFAULT-VALUE}.")
  double duration;

  @Option(names = "--accounts", paramLabel = "N", defaultValue = "1000", description = "Accounts. Default: ${DEFAULT-VALUE}.")
  int accounts;

  @Option(names = "--hot-accounts", paramLabel = "FRACTION", defaultValue = "0.01", description = "Share of accounts that are hot. Default: ${DEFAULT-VALUE}.")
  double hotAccounts;

  @Option(names = "--hot-share", paramLabel = "FRACTION", defaultValue = "0.5", description = "Share of operations on hot accounts. Default: ${DEFAULT-VALUE}.")
  double hotShare;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "target/bench", description = "Where bench.json and node logs go. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "512m", description = "Heap of each node process. Default: ${DEFAULT-VALUE}.")
  String heap;

  @Override
  public Integer call() throws Exception {
    Workload workload;
    LoadOptions measured;
    LoadOptions warm;
    LoadOptions deposits;
    try {
      if (nodes < 2 || nodes > 8 || cashiers < 1 || cashiers > 64 || rounds < 1 || rounds > 20 || customers < 1) {
        throw new IllegalArgumentException("need 2-8 nodes, 1-64 cashiers, 1-20 rounds and at least one customer");
      }
      workload = new Workload(accounts, 100_000, 3, Workload.Mix.DEFAULT, hotAccounts, hotShare, 5_000, 42);
      measured = new LoadOptions(customers, warmup, duration, 0, 0, workload, 10_000, 30_000);
      deposits = new LoadOptions(customers, warmup, duration, 0, 0, new Workload(accounts, 100_000, 3,
          new Workload.Mix(100, 0, 0, 0), hotAccounts, hotShare, 5_000, 42), 10_000, 30_000);
      warm = new LoadOptions(customers, 0, Math.max(1, jitWarmup), 0, 0, workload, 10_000, 30_000);
    } catch (IllegalArgumentException bad) {
      throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
    }
    CliSupport.quietHazelcast();
    Files.createDirectories(output);
    PrintWriter err = spec.commandLine().getErr();
    String cluster = "bankbus-bench-" + ProcessHandle.current().pid();
    List<String> models = List.of(BankModel.values()).stream().map(BankModel::wire).toList();
    try (NodeFleet fleet = NodeFleet.start(new FleetSpec(nodes, cashiers, models, BankRules.DEFAULT_LEDGER_SHARDS, heap, cluster, output,
        List.of("--bench-echo")))) {
      err.println("Starting " + nodes + " bank nodes (PIDs " + fleet.pids() + ", logs in " + output + ")");
      fleet.awaitReady(120);
      Clustering.ClusteredVertx joined = await(Clustering.join(fleet.joinOptions()), 120);
      try {
        BankRules rules = await(RulesBoard.current(joined.vertx()), 30);
        return measure(joined, rules, workload, measured, warm, deposits, err);
      } finally {
        await(joined.vertx().close(), 60);
      }
    }
  }

  private int measure(Clustering.ClusteredVertx joined, BankRules rules, Workload workload, LoadOptions measured,
                      LoadOptions warm, LoadOptions deposits, PrintWriter err) throws Exception {
    // The bank has at most one operation in flight per cashier: that is the concurrency both raw loops get.
    int lockLoops = nodes * cashiers;
    int inFlight = nodes * cashiers;
    err.println("JIT warm-up: " + jitWarmup + " s of each model through the bank, then raw loops");
    for (BankModel model : BankModel.values()) {
      await(new LoadRun(joined.vertx(), model, warm, rules, s -> { }).execute(), 900);
    }
    await(RawLoops.requestReply(joined.vertx(), inFlight, 0, 5), 120);
    await(RawLoops.replicatedRequestReply(joined.vertx(), inFlight, 0, 5), 120);
    await(RawLoops.copiedRequestReply(joined.vertx(), inFlight, 0, 5), 120);
    List<String> bankNodes = joined.clusterManager().getNodes().stream()
        .filter(id -> !id.equals(joined.clusterManager().getNodeId())).toList();
    await(RawLoops.lockLoopOnNodes(joined.vertx(), bankNodes, cashiers, workload, 0, 5, false), 120);

    Map<String, List<Double>> results = new LinkedHashMap<>();
    Map<String, List<Double>> lostUpdates = new LinkedHashMap<>();
    List<String> auditProblems = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      record(results, BenchReport.RAW_RR, await(RawLoops.requestReply(joined.vertx(), inFlight, warmup, duration), 600), err, round);
      record(results, BenchReport.RAW_RR_REPLICATED, await(RawLoops.replicatedRequestReply(joined.vertx(), inFlight,
          warmup, duration), 600), err, round);
      record(results, BenchReport.RAW_RR_COPIED, await(RawLoops.copiedRequestReply(joined.vertx(), inFlight,
          warmup, duration), 600), err, round);
      for (boolean localFirst : new boolean[] {false, true}) {
        await(RawLoops.clearCounters(joined.vertx()), 60);
        RawLoops.LockLoopResult loop = await(RawLoops.lockLoopOnNodes(joined.vertx(), bankNodes, cashiers,
            workload, warmup, duration, localFirst), 600);
        long lost = loop.increments() - await(RawLoops.counterTotal(joined.vertx()), 60);
        String what = localFirst ? BenchReport.RAW_LOCK_LOCAL : BenchReport.RAW_LOCK;
        record(results, what, loop.opsPerSecond(), err, round);
        lostUpdates.computeIfAbsent(what, k -> new ArrayList<>()).add((double) lost);
        err.printf(Locale.ROOT, "round %d  %-22s %,d of %,d increments lost (the lock did not exclude)%n", round, what,
            lost, loop.increments());
      }
      for (BankModel model : BankModel.values()) {
        LoadRun.Result r = await(new LoadRun(joined.vertx(), model, measured, rules, s -> { })
            .execute(), 900);
        double opsPerSecond = (r.recorder().succeeded() + r.recorder().rejected()) / r.measuredSeconds();
        record(results, model.wire(), opsPerSecond, err, round);
        if (r.requiredAuditFailed()) {
          auditProblems.add(model.wire() + " round " + round + ": " + r.audit().toJson().encode());
        }
      }
      LoadRun.Result single = await(new LoadRun(joined.vertx(), BankModel.SHARED_STATE, deposits,
          rules, s -> { }).execute(), 900);
      record(results, BenchReport.SS_SINGLE, (single.recorder().succeeded() + single.recorder().rejected()) / single.measuredSeconds(),
          err, round);
      if (single.requiredAuditFailed()) {
        auditProblems.add(BenchReport.SS_SINGLE + " round " + round + ": " + single.audit().toJson().encode());
      }
    }
    JsonObject setup = new JsonObject().put("nodes", nodes).put("cashiersPerNode", cashiers)
        .put("customers", customers).put("requestsInFlight", lockLoops).put("lockLoops", lockLoops)
        .put("accounts", accounts).put("hotAccounts", hotAccounts).put("hotShare", hotShare)
        .put("rounds", rounds).put("warmupSeconds", warmup).put("durationSeconds", duration)
        .put("jitWarmupSeconds", jitWarmup);
    JsonObject report = BenchReport.toJson(setup, results, lostUpdates);
    Files.writeString(output.resolve("bench.json"), report.encodePrettily());
    PrintWriter out = spec.commandLine().getOut();
    out.print(BenchReport.table(report));
    auditProblems.forEach(p -> out.println("AUDIT FAILED " + p));
    out.println("Written: " + output.resolve("bench.json"));
    out.flush();
    return auditProblems.isEmpty() ? ExitCode.OK.code() : ExitCode.AUDIT_FAILED.code();
  }

  private static void record(Map<String, List<Double>> results, String what, double opsPerSecond, PrintWriter err,
                             int round) {
    results.computeIfAbsent(what, k -> new ArrayList<>()).add(opsPerSecond);
    err.printf(Locale.ROOT, "round %d  %-22s %10.1f ops/s%n", round, what, opsPerSecond);
    err.flush();
  }
}
