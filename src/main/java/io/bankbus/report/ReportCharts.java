package io.bankbus.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** report.html's line charts, drawn from report.json's runs: one series per model in each. */
final class ReportCharts {
  /** Where 50 %, 90 % ... 99.99 % fall on a scale of 1/(1-p). */
  private static final List<LineChart.Tick> PERCENTILE_TICKS = List.of(new LineChart.Tick(2, "50 %"),
      new LineChart.Tick(10, "90 %"), new LineChart.Tick(100, "99 %"), new LineChart.Tick(1_000, "99.9 %"),
      new LineChart.Tick(10_000, "99.99 %"));

  private ReportCharts() {
  }

  /**
   * Operations answered in each second of each model's measured phase (the point at the middle of its second),
   * each fault as a dashed line where it struck, and the point where throughput was back to 80 % of before.
   */
  static String throughputOverTime(List<JsonObject> runs) {
    LineChart chart = new LineChart("throughput-over-time", "seconds since measuring began",
        "operations answered per second").size(900, 300);
    for (JsonObject run : runs) {
      String model = run.getString("model");
      JsonArray perSecond = run.getJsonArray("answeredPerSecond", new JsonArray());
      double[] xs = new double[perSecond.size()];
      double[] ys = new double[perSecond.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = i + 0.5;
        ys[i] = perSecond.getLong(i);
      }
      chart.series(model, xs, ys);
    }
    for (JsonObject run : runs) {
      String model = run.getString("model");
      Double recovery = run.getDouble("recoverySeconds");
      for (Object f : run.getJsonArray("faults", new JsonArray())) {
        JsonObject fault = (JsonObject) f;
        double at = fault.getDouble("atSeconds");
        chart.verticalMarker(at, fault.getString("kind") + " " + fault.getString("node") + " (" + model + ")", model);
        if (recovery != null) {
          chart.pointMarker(at + recovery, String.format(Locale.ROOT, "back to 80 %% after %.0f s", recovery), model);
        }
      }
    }
    return chart.svg();
  }

  /**
   * One histogram's percentile spectrum per model ({@code field} of report.json's percentileSpectrum:
   * latencyMs, queueWaitMs or serviceMs), x = 1/(1-p) on a log scale, so each nine of the tail is as wide as
   * the body.
   */
  static String spectrum(List<JsonObject> runs, String field, String yLabel, int width) {
    LineChart chart = new LineChart("spectrum-" + field, "percentile", yLabel).logX().xTicks(PERCENTILE_TICKS)
        .size(width, 280);
    for (JsonObject run : runs) {
      JsonObject spectra = run.getJsonObject("percentileSpectrum", new JsonObject());
      JsonArray points = spectra.getJsonArray(field, new JsonArray());
      double[] xs = new double[points.size()];
      double[] ys = new double[points.size()];
      for (int i = 0; i < xs.length; i++) {
        JsonArray point = points.getJsonArray(i);
        xs[i] = 1 / (1 - point.getDouble(0) / 100);
        ys[i] = point.getDouble(1);
      }
      chart.series(run.getString("model"), xs, ys);
    }
    return chart.svg();
  }
}
