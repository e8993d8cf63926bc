package io.bankbus.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Constructed report.json and sweep.json, for the tests of report.html and sweep.html (unit and browser). */
public final class ReportSamples {
  public static final List<String> MODELS = List.of("message-passing", "shared-state", "unlocked-shared-state");

  private ReportSamples() {
  }

  /** A sweep.json of every model at 4 contention levels and 3 cashier counts; shared-state fails one audit. */
  public static JsonObject sweep() {
    JsonArray points = new JsonArray();
    List<String> levels = List.of("uniform", "hot-1pc-half", "ten-accounts-90pc", "one-account");
    for (int l = 0; l < levels.size(); l++) {
      for (String model : MODELS) {
        points.add(point(model, "contention", levels.get(l), 4, 1000.0 / (l + 1), model.equals("shared-state") && l == 3));
      }
    }
    for (int n : List.of(1, 4, 16)) {
      for (String model : MODELS) {
        points.add(point(model, "cashiers", n, n, 100.0 * n, false));
      }
    }
    return new JsonObject().put("points", points).put("measured", new JsonObject().put("warmupSeconds", 5.0)
        .put("order", new JsonArray().add(new JsonArray(MODELS))).put("rounds", 1));
  }

  private static JsonObject point(String model, String variable, Object value, int cashiers, double ops, boolean fail) {
    boolean unlocked = model.startsWith("unlocked");
    return new JsonObject().put("model", model).put("variable", variable).put("value", value)
        .put("workload", new JsonObject().put("cashiersPerNode", cashiers))
        .put("throughputOpsPerSecond", ops)
        .put("latencyMs", percentiles(10))
        .put("audit", new JsonObject().put("passed", !unlocked && !fail).put("required", !unlocked)
            .put("lostUpdates", unlocked ? 12 : fail ? 1 : 0));
  }

  /**
   * A report.json of a chaos run of the three models, 12 measured seconds each: a node killed 4 s in, throughput
   * falling to a third for two seconds and back after 3 s; the unlocked model lost 12 updates.
   */
  public static JsonObject chaosReport() {
    JsonArray runs = new JsonArray();
    for (int m = 0; m < MODELS.size(); m++) {
      double ops = 3000.0 / (m + 1);
      JsonArray perSecond = new JsonArray();
      for (int s = 0; s < 12; s++) {
        perSecond.add(Math.round(s == 4 || s == 5 ? ops / 3 : ops));
      }
      boolean unlocked = m == 2;
      runs.add(new JsonObject().put("model", MODELS.get(m)).put("nodes", 3).put("cashiersPerNode", 4)
          .put("customers", 64).put("accounts", 1000).put("durationSeconds", 12.0).put("visits", 1000)
          .put("operations", new JsonObject().put("attempted", 3000).put("succeeded", 2900).put("rejected", 100)
              .put("failed", 0).put("bankFull", 0))
          .put("throughputOpsPerSecond", ops).put("latencyMs", percentiles(20)).put("queueWaitMs", percentiles(12))
          .put("serviceMs", percentiles(6))
          .put("audit", new JsonObject().put("passed", !unlocked).put("expectedTotal", 100).put("actualTotal",
                  unlocked ? 90 : 100).put("negativeBalances", 0).put("lostUpdates", unlocked ? 12 : 0)
              .put("duplicateApplications", 0).put("accountsOff", unlocked ? 3 : 0).put("mode", "operations"))
          .put("faults", new JsonArray().add(new JsonObject().put("atSeconds", 4.1).put("kind", "kill")
              .put("node", "node-3 (pid " + (100 + m) + ")")))
          .put("recoverySeconds", 2.9).put("retries", 40).put("arrivalsPerSecond", null).put("heap", new JsonArray())
          .put("bankSide", null).put("answeredPerSecond", perSecond)
          .put("percentileSpectrum", new JsonObject().put("latencyMs", spectrum(20 * (m + 1)))
              .put("queueWaitMs", spectrum(12 * (m + 1))).put("serviceMs", spectrum(6 * (m + 1)))));
    }
    return new JsonObject().put("runs", runs);
  }

  private static JsonObject percentiles(double p50) {
    return new JsonObject().put("p50", p50).put("p90", p50 * 2).put("p99", p50 * 4).put("p999", p50 * 8)
        .put("max", p50 * 9);
  }

  /** Percentiles of an exponential-looking tail: p50 .. 99.99 %. */
  private static JsonArray spectrum(double p50) {
    JsonArray points = new JsonArray();
    for (double p : new double[] {50, 75, 87.5, 90, 95, 99, 99.5, 99.9, 99.95, 99.99}) {
      points.add(new JsonArray().add(p).add(Math.round(p50 * Math.log(1 / (1 - p / 100)) / Math.log(2) * 1000) / 1000.0));
    }
    return points;
  }
}
