package io.bankbus.cli;

import io.bankbus.client.RetryPolicy;
import io.bankbus.customer.LoadOptions;
import io.bankbus.customer.SweepPlan;
import io.bankbus.customer.Workload;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.bankbus.rules.Checks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bankbus sweep}: every model at every contention level and every number of cashiers, each point audited. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Measures each model as contention grows and as cashiers are added, one",
        "audited run per point.",
        "",
        "Contention (at --contention-cashiers per node): uniform over all accounts;",
        "the load's default, 1 %% of the accounts taking 50 %% of the operations;",
        "90 %% of the operations on 10 accounts; every operation on one account.",
        "Cashiers per node (at the default contention): --cashiers-list.",
        "",
        "For each number of cashiers it starts a fresh bank of --nodes processes on",
        "127.0.0.1 and runs every model there for --bank-warmup seconds, unmeasured;",
        "then each point, as load does: opens its accounts, warms up, measures,",
        "drains, audits. Prints a line per point, writes sweep.json and sweep.html",
        "(one line per model; x = contention or cashiers; y = ops/s, and p99),",
        "stops every process it started, and exits 0 only if every audit that must",
        "pass passed (unlocked-shared-state's is reported, not required). The",
        "default sweep takes about 9 minutes on 2 cores, --quick about 2-3."},
    modelTransformer = ExitCodeHelp.class)
@ExitCode.Returns(success = "every required audit passed", value = {ExitCode.OK, ExitCode.USAGE,
    ExitCode.CLUSTER_JOIN_FAILED, ExitCode.AUDIT_FAILED, ExitCode.RUN_FAILED})
public final class SweepCommand implements Callable<Integer> {
  /** What --quick sets, unless given on the command line. */
  static final double QUICK_DURATION = 2;
  static final double QUICK_WARMUP = 1;
  static final double QUICK_BANK_WARMUP = 2;
  static final String QUICK_CASHIERS = "1,4";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  Verbosity verbosity;

  @Option(names = "--quick", description = "A short sweep for CI: --duration " + QUICK_DURATION + ", --warmup " + QUICK_WARMUP
      + ", --bank-warmup " + QUICK_BANK_WARMUP + ", --cashiers-list " + QUICK_CASHIERS + " (each unless given).")
  boolean quick;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "2", description = "Bank node processes of each bank it starts, 1-8. Default: ${DEFAULT-VALUE}.")
  int nodes;

  @Option(names = "--cashiers-list", paramLabel = "N,N...", split = ",", defaultValue = "1,2,4,8,16", description = "Cashiers per node and model of the cashier points, each 1-64. Default: ${DEFAULT-VALUE}.")
  List<Integer> cashiersList;

  @Option(names = "--contention-cashiers", paramLabel = "N", defaultValue = "4", description = "Cashiers per node and model of the contention points, 1-64. Default: ${DEFAULT-VALUE}.")
  int contentionCashiers;

  @Option(names = "--contention", paramLabel = "LEVEL,...", split = ",", defaultValue = "uniform,hot-1pc-half,ten-accounts-90pc,one-account",
      converter = ContentionConverter.class, description = "Contention levels, in order. Default: ${DEFAULT-VALUE}.")
  List<SweepPlan.Contention> contention;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "64", description = "Customers, closed loop, 1-10000. Default: ${DEFAULT-VALUE}.")
  int customers;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "6", description = "Measured seconds per point. Default: ${DEFAULT-VALUE}.")
  double duration;

  @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2", description = "Seconds of load before measuring, per point. Default: ${DEFAULT-VALUE}.")
  double warmup;

  @Option(names = "--bank-warmup", paramLabel = "SECONDS", defaultValue = "5", description = "Unmeasured seconds of every model on each freshly started bank, before its first point (JIT of every JVM), 0-600. Default: ${DEFAULT-VALUE}.")
  double bankWarmup;

  @Option(names = "--accounts", paramLabel = "N", defaultValue = "1000", description = "Accounts of each point, " + SweepPlan.MIN_ACCOUNTS + "-1000000; the default contention is 1 %% of them hot (10 of 1000). Default: ${DEFAULT-VALUE}.")
  int accounts;

  @Option(names = "--ops-per-visit", paramLabel = "N", defaultValue = "3", description = "Operations per visit, 1-100. Default: ${DEFAULT-VALUE}.")
  int opsPerVisit;

  @Option(names = "--mix", paramLabel = "MIX", defaultValue = "deposit=30,withdraw=20,transfer=30,balance=20", description = "Operation mix (weights). Default: ${DEFAULT-VALUE}.")
  String mix;

  @Option(names = "--models", split = ",", defaultValue = "message-passing,shared-state,unlocked-shared-state",
      converter = CliSupport.ModelConverter.class, description = "Models to run at each point, in order. Default: ${DEFAULT-VALUE}.")
  List<BankModel> models;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed: the same seed gives the same workload. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "target/sweep", description = "Where sweep.json, sweep.html and node logs go. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "512m", description = "JVM heap of each node process (-Xmx). Default: ${DEFAULT-VALUE}.")
  String heap;

  @Option(names = "--shards", paramLabel = "N", defaultValue = "8", description = "Ledger shards of each bank, 1-1024. Default: ${DEFAULT-VALUE}.")
  int shards;

  @Option(names = "--operation-timeout", paramLabel = "MS", defaultValue = "10000", description = "A customer's wait for one reply. Default: ${DEFAULT-VALUE}.")
  long operationTimeout;

  @Option(names = "--patience", paramLabel = "MS", defaultValue = "30000", description = "A customer's longest wait in the queue. Default: ${DEFAULT-VALUE}.")
  long patience;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "7", description = "Retries of a failed operation, same operation id; 0-100. Default: ${DEFAULT-VALUE}.")
  int retries;

  @Option(names = "--dedup-window", paramLabel = "SECONDS", defaultValue = "120", description = "The nodes' dedup window (node --dedup-window). 5-86400. Default: ${DEFAULT-VALUE}.")
  long dedupWindow;

  @Override
  public Integer call() throws Exception {
    SweepRun.Settings settings;
    try {
      if (quick) {
        duration = given("--duration") ? duration : QUICK_DURATION;
        warmup = given("--warmup") ? warmup : QUICK_WARMUP;
        bankWarmup = given("--bank-warmup") ? bankWarmup : QUICK_BANK_WARMUP;
        cashiersList = given("--cashiers-list") ? cashiersList
            : java.util.Arrays.stream(QUICK_CASHIERS.split(",")).map(Integer::valueOf).toList();
      }
      Checks.range("--nodes", nodes, 1, 8);
      for (int n : cashiersList) {
        Checks.range("--cashiers-list", n, 1, 64);
      }
      Checks.range("--contention-cashiers", contentionCashiers, 1, 64);
      Checks.range("--customers", customers, 1, 10_000);
      Checks.range("--accounts", accounts, SweepPlan.MIN_ACCOUNTS, 1_000_000);
      Checks.range("--shards", shards, 1, 1024);
      Checks.range("--retries", retries, 0, 100);
      Checks.require(bankWarmup >= 0 && bankWarmup <= 600, "--bank-warmup must be between 0 and 600 s, got " + bankWarmup);
      Checks.require(heap.matches("\\d{1,6}[mMgG]"), "--heap must look like 512m or 2g, got '" + heap + "'");
      Checks.range("--dedup-window", dedupWindow, BankRules.MIN_DEDUP_WINDOW_MS / 1000, BankRules.MAX_DEDUP_WINDOW_MS / 1000);
      LoadOptions.retrySpanWithin(dedupWindow * 1000, patience, operationTimeout);
      Workload base = new Workload(accounts, 100_000, opsPerVisit, Workload.Mix.parse(mix), Workload.DEFAULTS.hotAccountFraction(),
          Workload.DEFAULTS.hotShare(), 5_000, seed);
      List<SweepPlan.Point> plan = SweepPlan.points(models, contention, contentionCashiers, cashiersList, base);
      LoadOptions load = new LoadOptions(customers, warmup, duration, 0, 0, base, operationTimeout, patience,
          new RetryPolicy(retries + 1, RetryPolicy.DEFAULT.baseDelayMs(), RetryPolicy.DEFAULT.maxDelayMs()));
      // The bank's warm-up is a run of its own: measuring (which it throws away) needs a duration above 0.
      LoadOptions bankLoad = bankWarmup > 0 ? new LoadOptions(customers, 0, bankWarmup, 0, 0,
          SweepPlan.Contention.DEFAULT.apply(base), operationTimeout, patience, load.retry()) : null;
      settings = new SweepRun.Settings(plan, models, load, bankLoad, nodes, shards, heap, dedupWindow, output);
    } catch (IllegalArgumentException bad) {
      throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
    }
    CliSupport.quietHazelcast();
    Files.createDirectories(output);
    return new SweepRun(settings, spec.commandLine().getOut(), spec.commandLine().getErr()).call();
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** {@code --contention}: a level's wire name. */
  static final class ContentionConverter implements CommandLine.ITypeConverter<SweepPlan.Contention> {
    @Override
    public SweepPlan.Contention convert(String value) {
      for (SweepPlan.Contention c : SweepPlan.Contention.values()) {
        if (c.wire().equals(value)) {
          return c;
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not a contention level: uniform, hot-1pc-half,"
          + " ten-accounts-90pc or one-account");
    }
  }
}
