package io.bankbus.report;

import io.bankbus.customer.LoadRun;
import io.bankbus.customer.MeasurementOrder;
import io.bankbus.protocol.BankModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * report.json of a load measured in rounds: one RUN per model ({@link RunReport}'s fields, from the model's median
 * round by throughput, so every figure of a line comes from one run and agrees with the others), with
 * {@code measuredRounds} listing every round, and {@code measured} saying how it was measured.
 */
public final class MeasuredReport {
  private MeasuredReport() {
  }

  /**
   * How the runs were measured.
   *
   * @param warmupSeconds      seconds of each model in the one unmeasured warm-up before the first measured run; 0: none
   * @param warmup             that warm-up's runs, one a model (audited like the others); empty without one
   * @param modelWarmupSeconds each measured run's own unmeasured seconds before measuring ({@code --warmup})
   * @param order              each round's order of the models
   */
  public record Measured(double warmupSeconds, List<LoadRun.Result> warmup, double modelWarmupSeconds,
                         List<List<BankModel>> order) {
    public Measured {
      warmup = List.copyOf(warmup);
      order = List.copyOf(order);
    }
  }

  /** {@code rounds}: per model, in the order of the report's lines, its runs in the order they were measured. */
  public static JsonObject toJson(Map<BankModel, List<LoadRun.Result>> rounds, Measured measured, RunReport.Setup setup) {
    JsonArray runs = new JsonArray();
    rounds.forEach((model, results) -> {
      List<Double> throughput = results.stream().map(MeasuredReport::throughput).toList();
      int median = MeasurementOrder.medianIndex(throughput);
      JsonArray each = new JsonArray();
      for (int i = 0; i < results.size(); i++) {
        LoadRun.Result r = results.get(i);
        JsonObject latency = RunReport.percentiles(r.recorder().latency());
        each.add(new JsonObject().put("round", i + 1)
            .put("position", measured.order().get(i).indexOf(model) + 1)
            .put("throughputOpsPerSecond", round(throughput.get(i)))
            .put("latencyMs", new JsonObject().put("p50", latency.getDouble("p50")).put("p99", latency.getDouble("p99")))
            .put("auditPassed", r.audit().passed())
            .put("lostUpdates", r.audit().lostUpdatesCounted())
            .put("reported", i == median));
      }
      runs.add(RunReport.run(results.get(median), setup).put("measuredRounds", each));
    });
    return new JsonObject().put("runs", runs).put("measured", measuredJson(measured));
  }

  /** report.json's {@code measured}. */
  public static JsonObject measuredJson(Measured measured) {
    JsonArray warmup = new JsonArray();
    for (LoadRun.Result r : measured.warmup()) {
      JsonObject w = new JsonObject().put("model", r.model().wire())
          .put("passed", r.audit().passed()).put("lostUpdates", r.audit().lostUpdatesCounted())
          .put("throughputOpsPerSecond", round(throughput(r)));
      if (!r.faults().isEmpty()) {                    // --rehearse-kill
        LoadRun.Fault kill = r.faults().get(0);
        w.put("rehearsal", new JsonObject().put("node", kill.node()).put("atSeconds", round(kill.atSeconds()))
            .put("recoverySeconds", Double.isNaN(r.recoverySeconds()) ? null : r.recoverySeconds()));
      }
      warmup.add(w);
    }
    JsonArray order = new JsonArray();
    measured.order().forEach(round -> order.add(new JsonArray(round.stream().map(BankModel::wire).toList())));
    return new JsonObject()
        .put("warmupSeconds", measured.warmupSeconds())
        .put("warmup", warmup)
        .put("modelWarmupSeconds", measured.modelWarmupSeconds())
        .put("order", order)
        .put("rounds", measured.order().size());
  }

  private static double throughput(LoadRun.Result r) {
    return r.measuredSeconds() > 0 ? (r.recorder().succeeded() + r.recorder().rejected()) / r.measuredSeconds() : 0;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
