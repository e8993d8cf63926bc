package io.bankbus.report;

import io.bankbus.customer.HeapTrend;

import io.bankbus.audit.AuditResult;
import io.bankbus.customer.LoadRecorder;
import io.bankbus.customer.LoadRun;
import io.bankbus.protocol.BankModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * report.json and the comparison table. Field names are a contract other tools read: see docs/load-and-report.md.
 * Throughput counts the operations the bank answered (succeeded or refused by a rule) per measured second.
 */
public final class RunReport {
  private RunReport() {
  }

  /** The cluster the runs went through, for the report. */
  public record Setup(int nodes, int cashiersPerNode, int customers, int accounts) {
  }

  public static JsonObject toJson(List<LoadRun.Result> results, Setup setup) {
    JsonArray runs = new JsonArray();
    results.forEach(r -> runs.add(run(r, setup)));
    return new JsonObject().put("runs", runs);
  }

  static JsonObject run(LoadRun.Result r, Setup setup) {
    LoadRecorder rec = r.recorder();
    AuditResult a = r.audit();
    double seconds = r.measuredSeconds();
    return new JsonObject()
        .put("model", r.model().wire())
        .put("nodes", setup.nodes())
        .put("cashiersPerNode", setup.cashiersPerNode())
        .put("customers", setup.customers())
        .put("accounts", setup.accounts())
        .put("durationSeconds", round(seconds))
        .put("visits", rec.visits())
        .put("operations", operations(rec))
        .put("throughputOpsPerSecond", round(seconds > 0 ? (rec.succeeded() + rec.rejected()) / seconds : 0))
        .put("latencyMs", percentiles(rec.latency()))
        .put("queueWaitMs", percentiles(rec.queueWait()))
        .put("serviceMs", percentiles(rec.service()))
        .put("queueWaitByBranchMs", byBranch(rec))
        .put("audit", audit(a))
        .put("faults", faults(r.faults()))
        .put("recoverySeconds", Double.isNaN(r.recoverySeconds()) ? null : round(r.recoverySeconds()))
        .put("retries", rec.retries())
        .put("arrivalsPerSecond", r.arrivalsPerSecond() > 0 ? round(r.arrivalsPerSecond()) : null)
        .put("heap", heap(r.heap()))
        .put("bankSide", r.bankSide() == null ? null : new JsonObject()
            .put("operations", r.bankSide().operations())
            .put("seconds", round(r.bankSide().seconds()))
            .put("opsPerSecond", round(r.bankSide().opsPerSecond())))
        .put("partition", PartitionReport.json(r.partition()))
        .put("answeredPerSecond", new JsonArray(java.util.Arrays.stream(rec.answeredPerSecond()).boxed().toList()))
        .put("percentileSpectrum", new JsonObject()
            .put("latencyMs", PercentileSpectrum.ofMicros(rec.latency()))
            .put("queueWaitMs", PercentileSpectrum.ofMicros(rec.queueWait()))
            .put("serviceMs", PercentileSpectrum.ofMicros(rec.service())));
  }

  /** Per branch that gave out tickets: its customers' queue-wait percentiles and how many visits they were. */
  private static JsonObject byBranch(LoadRecorder rec) {
    JsonObject branches = new JsonObject();
    rec.queueWaitByBranch().forEach((branch, h) -> branches.put(branch, percentiles(h).put("visits", h.getTotalCount())
        .put("calledElsewhere", rec.calledElsewhere(branch))));
    return branches;
  }

  /** report.json's audit object, also each point's of sweep.json. */
  static JsonObject audit(AuditResult a) {
    return new JsonObject()
        .put("passed", a.passed())
        .put("expectedTotal", a.expectedTotal())
        .put("actualTotal", a.actualTotal())
        .put("negativeBalances", a.negativeBalances())
        .put("lostUpdates", a.lostUpdatesCounted())
        .put("duplicateApplications", a.duplicateApplications())
        .put("accountsOff", a.accountsOff())
        .put("refusedButApplied", a.refusedButApplied())
        .put("accountsOffJournal", a.accountsOffJournal())
        .put("mode", a.mode().wire());
  }

  private static JsonObject operations(LoadRecorder rec) {
    return new JsonObject()
        .put("attempted", rec.attempted())
        .put("succeeded", rec.succeeded())
        .put("rejected", rec.rejected())
        .put("failed", rec.failed())
        .put("bankFull", rec.bankFull());
  }

  private static JsonArray heap(List<HeapTrend> trends) {
    JsonArray list = new JsonArray();
    for (HeapTrend t : trends) {
      JsonArray samples = new JsonArray();
      t.samples().forEach(s -> samples.add(new JsonArray().add(round(s.atSeconds())).add(round(s.usedMb()))));
      double[] thirds = t.thirds();
      double[] window = t.windowThirds();
      list.add(new JsonObject().put("process", t.process()).put("verdict", t.verdict().wire())
          .put("judgedFromSeconds", round(t.steadyFromSeconds()))
          .put("firstThirdMb", Double.isNaN(thirds[0]) ? null : round(thirds[0]))
          .put("lastThirdMb", Double.isNaN(thirds[1]) ? null : round(thirds[1]))
          .put("firstThirdWindowOps", Double.isNaN(window[0]) ? null : Math.round(window[0]))
          .put("lastThirdWindowOps", Double.isNaN(window[1]) ? null : Math.round(window[1]))
          .put("samples", samples));
    }
    return list;
  }

  /** True when no process's heap grew (too-short verdicts do not count either way). */
  public static boolean heapsFlat(JsonObject report) {
    for (Object o : report.getJsonArray("runs")) {
      for (Object h : ((JsonObject) o).getJsonArray("heap")) {
        if (HeapTrend.Verdict.GROWING.wire().equals(((JsonObject) h).getString("verdict"))) {
          return false;
        }
      }
    }
    return true;
  }

  private static JsonArray faults(List<LoadRun.Fault> faults) {
    JsonArray list = new JsonArray();
    faults.forEach(f -> list.add(new JsonObject().put("atSeconds", round(f.atSeconds())).put("kind", f.kind())
        .put("node", f.node())));
    return list;
  }

  /** Percentiles of a histogram recorded in microseconds, in milliseconds. */
  static JsonObject percentiles(Histogram h) {
    return new JsonObject()
        .put("p50", ms(h, 50))
        .put("p90", ms(h, 90))
        .put("p99", ms(h, 99))
        .put("p999", ms(h, 99.9))
        .put("max", round(h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0));
  }

  private static double ms(Histogram h, double percentile) {
    return round(h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** The comparison table printed at the end of a load. */
  public static String table(JsonObject report) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-22s %8s %9s %8s %8s %9s %9s %9s %7s  %s%n", "model", "visits", "ops/s",
        "p50 ms", "p99 ms", "wait p50", "wait p99", "serv p50", "failed", "audit"));
    for (Object o : report.getJsonArray("runs")) {
      JsonObject run = (JsonObject) o;
      JsonObject audit = run.getJsonObject("audit");
      BankModel model = BankModel.ofWire(run.getString("model"));
      String verdict;
      if (audit.getBoolean("passed")) {
        verdict = "passed";
      } else if (!LoadRun.auditRequired(model)) {
        verdict = String.format(Locale.ROOT, "%s lost updates, %d cents missing (expected without a lock)",
            counted(audit.getLong("lostUpdates")), audit.getLong("expectedTotal") - audit.getLong("actualTotal"));
      } else {
        verdict = String.format(Locale.ROOT,
            "FAILED: expected %d, actual %d, lost %s, duplicates %d, negative %d, accounts off %d",
            audit.getLong("expectedTotal"), audit.getLong("actualTotal"), counted(audit.getLong("lostUpdates")),
            audit.getLong("duplicateApplications"), audit.getLong("negativeBalances"), audit.getLong("accountsOff"));
      }
      if ("balances".equals(audit.getString("mode"))) {
        verdict += " (per-account balances: the run outlasted the dedup window)";
      }
      out.append(String.format(Locale.ROOT, "%-22s %8d %9.1f %8.2f %8.2f %9.2f %9.2f %9.2f %7d  %s%n",
          run.getString("model"), run.getLong("visits"), run.getDouble("throughputOpsPerSecond"),
          run.getJsonObject("latencyMs").getDouble("p50"), run.getJsonObject("latencyMs").getDouble("p99"),
          run.getJsonObject("queueWaitMs").getDouble("p50"), run.getJsonObject("queueWaitMs").getDouble("p99"),
          run.getJsonObject("serviceMs").getDouble("p50"), run.getJsonObject("operations").getLong("failed"),
          verdict));
    }
    for (Object o : report.getJsonArray("runs")) {
      out.append(branchLine((JsonObject) o));
    }
    for (Object o : report.getJsonArray("runs")) {
      JsonObject run = (JsonObject) o;
      for (Object f : run.getJsonArray("faults")) {
        JsonObject fault = (JsonObject) f;
        Double recovery = run.getDouble("recoverySeconds");
        out.append(String.format(Locale.ROOT, "%s: %s %s at %.1f s; throughput back to 80 %% %s; %d retries%n",
            run.getString("model"), fault.getString("kind"), fault.getString("node"), fault.getDouble("atSeconds"),
            recovery == null ? "not within the run" : String.format(Locale.ROOT, "after %.0f s", recovery),
            run.getLong("retries")));
      }
    }
    report.getJsonArray("runs").forEach(o -> out.append(PartitionReport.line((JsonObject) o)));
    out.append(PartitionReport.table(report.getJsonArray("runs")));
    for (Object o : report.getJsonArray("runs")) {
      JsonObject run = (JsonObject) o;
      JsonObject bank = run.getJsonObject("bankSide");
      if (bank != null) {
        out.append(String.format(Locale.ROOT, "%s: the bank's cashiers answered %.1f ops/s while measuring, for every"
            + " customer (this load's and any other, such as bridge customers), from the nodes' status%n",
            run.getString("model"), bank.getDouble("opsPerSecond")));
      }
    }
    for (Object o : report.getJsonArray("runs")) {
      JsonObject run = (JsonObject) o;
      Double arrivals = run.getDouble("arrivalsPerSecond");
      if (arrivals != null) {
        double seconds = run.getDouble("durationSeconds");
        out.append(String.format(Locale.ROOT, "%s: arrivals %.1f visits/s, served %.1f visits/s; %d operations"
            + " refused BANK_FULL%n", run.getString("model"), arrivals,
            seconds > 0 ? run.getLong("visits") / seconds : 0, run.getJsonObject("operations").getLong("bankFull")));
      }
      for (Object h : run.getJsonArray("heap")) {
        JsonObject heap = (JsonObject) h;
        StringBuilder samples = new StringBuilder();
        for (Object s : heap.getJsonArray("samples")) {
          JsonArray sample = (JsonArray) s;
          samples.append(String.format(Locale.ROOT, " %.0fs:%.1f", sample.getDouble(0), sample.getDouble(1)));
        }
        Double first = heap.getDouble("firstThirdMb");
        Double last = heap.getDouble("lastThirdMb");
        Long firstOps = heap.getLong("firstThirdWindowOps");
        Long lastOps = heap.getLong("lastThirdWindowOps");
        out.append(String.format(Locale.ROOT, "%s heap after GC, %s: %s (judged from %.0f s%s%s); MB at second:%s%n",
            run.getString("model"), heap.getString("process"), heap.getString("verdict").toUpperCase(Locale.ROOT),
            heap.getDouble("judgedFromSeconds"), first == null ? ""
                : String.format(Locale.ROOT, ", median first third %.1f MB, last third %.1f MB", first, last),
            firstOps == null || lastOps == null ? "" : String.format(Locale.ROOT,
                "; operations acknowledged in the window before: %,d, then %,d", firstOps, lastOps),
            samples));
      }
    }
    return out.toString();
  }

  /** One line per run with more than one branch: each branch's queue wait, so an unfair line shows. */
  private static String branchLine(JsonObject run) {
    JsonObject branches = run.getJsonObject("queueWaitByBranchMs");
    if (branches == null || branches.size() < 2) {
      return "";
    }
    StringBuilder line = new StringBuilder(run.getString("model") + ": queue wait by branch, p50/p99 ms:");
    branches.forEach(e -> {
      JsonObject w = (JsonObject) e.getValue();
      line.append(String.format(Locale.ROOT, " %s %.2f/%.2f (%d visits, %d called by another branch);", e.getKey(),
          w.getDouble("p50"), w.getDouble("p99"), w.getLong("visits"), w.getLong("calledElsewhere", 0L)));
    });
    line.setLength(line.length() - 1);
    return line.append(String.format(Locale.ROOT, "%n")).toString();
  }

  private static String counted(Long n) {
    return n == null ? "uncounted" : n.toString();
  }

  /** True when every audit that must pass passed: of each line, of each measured round, and of the warm-up. */
  public static boolean auditsPassed(JsonObject report) {
    for (Object o : report.getJsonArray("runs")) {
      JsonObject run = (JsonObject) o;
      boolean required = LoadRun.auditRequired(BankModel.ofWire(run.getString("model")));
      if (required && !run.getJsonObject("audit").getBoolean("passed")) {
        return false;
      }
      for (Object r : run.getJsonArray("measuredRounds", new JsonArray())) {
        if (required && !((JsonObject) r).getBoolean("auditPassed")) {
          return false;
        }
      }
    }
    JsonObject measured = report.getJsonObject("measured", new JsonObject());
    for (Object w : measured.getJsonArray("warmup", new JsonArray())) {
      JsonObject warm = (JsonObject) w;
      if (LoadRun.auditRequired(BankModel.ofWire(warm.getString("model"))) && !warm.getBoolean("passed")) {
        return false;
      }
    }
    return true;
  }
}
