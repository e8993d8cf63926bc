package io.bankbus.report;

import io.bankbus.customer.LoadRun;
import io.bankbus.customer.SweepPlan;
import io.bankbus.customer.Workload;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * sweep.json: one point per audited run, {@code {"points": [...], "measured": {...}}}; field names are a contract
 * (docs/load-and-report.md). Throughput counts the operations answered (succeeded or refused by a rule) per
 * measured second, as in report.json.
 */
public final class SweepReport {
  private SweepReport() {
  }

  /** A point of the plan and what its run measured. */
  public record Measured(SweepPlan.Point point, LoadRun.Result result) {
  }

  /**
   * @param warmupSeconds unmeasured seconds of every model on each freshly started bank before its first point
   * @param order         the models in the order each value's points ran (every round the same)
   * @param rounds        times each point was measured
   */
  public static JsonObject toJson(List<Measured> points, int nodes, int customers, double pointWarmupSeconds,
                                  double warmupSeconds, List<String> order, int rounds) {
    JsonArray list = new JsonArray();
    for (Measured m : points) {
      list.add(point(m, nodes, customers, pointWarmupSeconds));
    }
    return new JsonObject().put("points", list).put("measured", new JsonObject()
        .put("warmupSeconds", warmupSeconds).put("order", orders(order, rounds)).put("rounds", rounds));
  }

  /** As report.json's {@code measured.order}: each round's order of the models. */
  private static JsonArray orders(List<String> order, int rounds) {
    JsonArray each = new JsonArray();
    for (int r = 0; r < rounds; r++) {
      each.add(new JsonArray(order));
    }
    return each;
  }

  /** One point of sweep.json (also printed as it is measured). */
  public static JsonObject point(Measured m, int nodes, int customers, double pointWarmupSeconds) {
    SweepPlan.Point p = m.point();
    LoadRun.Result r = m.result();
    Workload w = p.workload();
    double seconds = r.measuredSeconds();
    long answered = r.recorder().succeeded() + r.recorder().rejected();
    return new JsonObject()
        .put("model", p.model().wire())
        .put("variable", p.variable().wire())
        .put("value", p.value())
        .put("workload", new JsonObject()
            .put("accounts", w.accounts())
            .put("hotAccounts", w.hotAccounts())
            .put("hotShare", w.hotShare())
            .put("opsPerVisit", w.opsPerVisit())
            .put("mix", w.mix().toString())
            .put("seed", w.seed())
            .put("customers", customers)
            .put("nodes", nodes)
            .put("cashiersPerNode", p.cashiersPerNode())
            .put("warmupSeconds", pointWarmupSeconds)
            .put("durationSeconds", Math.round(seconds * 1000) / 1000.0)
            .put("visits", r.recorder().visits()))
        .put("throughputOpsPerSecond", Math.round((seconds > 0 ? answered / seconds : 0) * 1000) / 1000.0)
        .put("latencyMs", RunReport.percentiles(r.recorder().latency()))
        .put("audit", RunReport.audit(r.audit()).put("required", LoadRun.auditRequired(p.model())));
  }

  /** True when every point's audit that must pass passed. */
  public static boolean auditsPassed(JsonObject sweep) {
    for (Object o : sweep.getJsonArray("points")) {
      JsonObject audit = ((JsonObject) o).getJsonObject("audit");
      if (audit.getBoolean("required") && !audit.getBoolean("passed")) {
        return false;
      }
    }
    return true;
  }
}
