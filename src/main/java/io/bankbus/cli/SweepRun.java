package io.bankbus.cli;

import static io.bankbus.cli.CliSupport.await;

import io.bankbus.customer.LoadOptions;
import io.bankbus.customer.LoadRun;
import io.bankbus.customer.SweepPlan;
import io.bankbus.protocol.BankModel;
import io.bankbus.report.SweepHtml;
import io.bankbus.report.SweepReport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * The sweep itself: one fresh bank per number of cashiers (fixed when a node starts), its unmeasured warm-up of
 * every model, then its points one audited {@link LoadRun} each; sweep.json and sweep.html at the end, or with
 * the points measured so far when a run or a bank fails.
 */
final class SweepRun implements Callable<Integer> {
  /**
   * What to run: {@code load} gives each point's customers, warm-up and duration (the workload is the point's);
   * {@code bankWarmup} the warm-up run of every model on each fresh bank, or {@code null} for none.
   */
  record Settings(List<SweepPlan.Point> plan, List<BankModel> models, LoadOptions load, LoadOptions bankWarmup,
                  int nodes, int shards, String heap, long dedupWindowSeconds, Path output) {
  }

  /** A bank that did not start is started once more (see {@link #onBank}). */
  private static final int START_ATTEMPTS = 2;

  private final Settings settings;
  private final PrintWriter out;
  private final PrintWriter err;
  private final StatusPrinter status;
  private final List<SweepReport.Measured> measured = new ArrayList<>();
  private boolean warmupAuditFailed;

  SweepRun(Settings settings, PrintWriter out, PrintWriter err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.status = new StatusPrinter(err);
  }

  @Override
  public Integer call() throws Exception {
    Map<Integer, List<SweepPlan.Point>> banks = SweepPlan.byBank(settings.plan());
    err.printf(Locale.ROOT, "Sweep: %d points on %d bank(s) of %d node(s)%n", settings.plan().size(), banks.size(),
        settings.nodes());
    err.flush();
    int code = ExitCode.OK.code();
    try {
      for (Map.Entry<Integer, List<SweepPlan.Point>> bank : banks.entrySet()) {
        code = onBank(bank.getKey(), bank.getValue());
        if (code != ExitCode.OK.code()) {
          break;
        }
      }
    } finally {
      JsonObject sweep = write();
      if (code == ExitCode.OK.code() && (warmupAuditFailed || !SweepReport.auditsPassed(sweep))) {
        code = ExitCode.AUDIT_FAILED.code();
      }
    }
    return code;
  }

  /**
   * Starts a bank of {@code cashiers} per node, warms it up, runs its points, stops it. A bank that does not start
   * is started once more, saying so: on a machine starved of CPU a node's deployment can time out (seen at load
   * averages of 30 and more on 2 cores), and one such start should not cost a sweep of many banks.
   */
  private int onBank(int cashiers, List<SweepPlan.Point> points) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try (LoadBank bank = new LoadBank(err)) {
        String cluster = "bankbus-sweep-" + ProcessHandle.current().pid() + "-c" + cashiers + "-" + attempt;
        try {
          bank.join(bank.startNodes(new FleetSpec(settings.nodes(), cashiers, settings.models().stream()
              .map(BankModel::wire).toList(), settings.shards(), settings.heap(), cluster,
              settings.output().resolve("nodes-" + cashiers + "-cashiers" + (attempt > 1 ? "-again" : "")),
              List.of("--dedup-window", "" + settings.dedupWindowSeconds()))), cluster);
        } catch (LoadBank.Unavailable unavailable) {
          err.println("bankbus sweep: the bank of " + cashiers + " cashiers per node did not start: "
              + unavailable.getMessage() + (attempt < START_ATTEMPTS ? "; starting it once more" : ""));
          if (attempt < START_ATTEMPTS) {
            continue;
          }
          return ExitCode.CLUSTER_JOIN_FAILED.code();
        }
        return onStarted(bank, cashiers, points);
      }
    }
  }

  /** The warm-up and the points of a bank that started. */
  private int onStarted(LoadBank bank, int cashiers, List<SweepPlan.Point> points) throws Exception {
    try {
      if (settings.bankWarmup() != null) {
        for (BankModel model : settings.models()) {
          LoadRun.Result warm = run(bank, model, settings.bankWarmup());
          if (warm.requiredAuditFailed()) {
            warmupAuditFailed = true;
            err.println("bankbus sweep: the audit of " + model.wire() + "'s warm-up on the bank of " + cashiers
                + " cashiers per node FAILED: " + warm.audit().toJson().encode());
          }
        }
      }
      for (SweepPlan.Point point : points) {
        LoadOptions load = settings.load();
        LoadOptions options = new LoadOptions(load.customers(), load.warmupSeconds(), load.durationSeconds(), 0, 0,
            point.workload(), load.operationTimeoutMs(), load.patienceMs(), load.retry());
        SweepReport.Measured m = new SweepReport.Measured(point, run(bank, point.model(), options));
        measured.add(m);
        out.println(line(SweepReport.point(m, settings.nodes(), load.customers(), load.warmupSeconds())));
        out.flush();
      }
    } catch (ExecutionException failed) {
      status.done();
      err.println("bankbus sweep: a run on the bank of " + cashiers + " cashiers per node failed: "
          + failed.getCause().getMessage());
      return ExitCode.RUN_FAILED.code();
    }
    return ExitCode.OK.code();
  }

  private LoadRun.Result run(LoadBank bank, BankModel model, LoadOptions options) throws Exception {
    LoadRun run = new LoadRun(bank.vertx(), model, options, bank.rules(), status::line).withBankNodes(bank::nodeIds);
    LoadRun.Result result = await(run.execute(), (long) (options.warmupSeconds() + options.durationSeconds()) + 600);
    status.done();
    return result;
  }

  /** One point as it is printed when done. */
  static String line(JsonObject point) {
    JsonObject audit = point.getJsonObject("audit");
    String verdict = audit.getBoolean("passed") ? "passed"
        : audit.getBoolean("required") ? "FAILED " + audit.encode()
        : "lost " + audit.getValue("lostUpdates") + " updates (expected without a lock)";
    return String.format(Locale.ROOT, "%-22s %-10s %-18s %9.1f ops/s  p50 %8.2f ms  p99 %8.2f ms  audit %s",
        point.getString("model"), point.getString("variable"), point.getValue("value"),
        point.getDouble("throughputOpsPerSecond"), point.getJsonObject("latencyMs").getDouble("p50"),
        point.getJsonObject("latencyMs").getDouble("p99"), verdict);
  }

  private JsonObject write() throws IOException {
    LoadOptions load = settings.load();
    LoadOptions warm = settings.bankWarmup();
    // In plan order (contention, then cashiers ascending), not in the order the banks ran them.
    List<SweepReport.Measured> inPlanOrder = measured.stream()
        .sorted(java.util.Comparator.comparingInt(m -> settings.plan().indexOf(m.point()))).toList();
    JsonObject sweep = SweepReport.toJson(inPlanOrder, settings.nodes(), load.customers(), load.warmupSeconds(),
        warm == null ? 0 : warm.durationSeconds(), settings.models().stream().map(BankModel::wire).toList(), 1);
    Path json = settings.output().resolve("sweep.json");
    Files.writeString(json, sweep.encodePrettily());
    Files.writeString(settings.output().resolve("sweep.html"), SweepHtml.render(sweep));
    out.println("Sweep: " + json + " (and " + settings.output().resolve("sweep.html") + ", readable offline); "
        + measured.size() + " of " + settings.plan().size() + " points measured");
    out.flush();
    return sweep;
  }
}
