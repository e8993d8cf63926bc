package io.bankbus.report;

import io.bankbus.customer.SweepPlan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * sweep.html: sweep.json as one self-contained page (inline SVG, no script, nothing from elsewhere): for each
 * variable swept, a chart of throughput and one of p99 visit latency, one line per model, then every point with
 * its audit.
 */
public final class SweepHtml {
  private SweepHtml() {
  }

  public static String render(JsonObject sweep) {
    List<JsonObject> points = new ArrayList<>();
    sweep.getJsonArray("points").forEach(p -> points.add((JsonObject) p));
    JsonObject measured = sweep.getJsonObject("measured", new JsonObject());
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>bankbus sweep</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;max-width:1320px}"
        + "table{border-collapse:collapse;max-width:100%}td,th{border:1px solid #ccc;padding:.25rem .5rem;"
        + "text-align:right;overflow-wrap:break-word}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
        + ".ok{color:#1a7f37}.bad{color:#b42318}.expected{color:#9a6700}.pair{display:flex;flex-wrap:wrap;gap:1.5rem}"
        + "svg text{font-size:12px}</style></head><body>\n<h1>bankbus sweep</h1>\n");
    html.append(String.format(Locale.ROOT, "<p>%d points, each its own audited run. Every freshly started bank first"
            + " ran every model for %s s unmeasured; then, at each value, the models in the order %s; %d round(s).</p>%n",
        points.size(), ChartAxis.number(measured.getDouble("warmupSeconds", 0.0)),
        HtmlReport.escape(firstOrder(measured.getJsonArray("order", new JsonArray()))),
        measured.getInteger("rounds", 1)));
    for (SweepPlan.Variable variable : SweepPlan.Variable.values()) {
      List<JsonObject> of = points.stream().filter(p -> variable.wire().equals(p.getString("variable"))).toList();
      if (of.isEmpty()) {
        continue;
      }
      boolean contention = variable == SweepPlan.Variable.CONTENTION;
      String xLabel = contention ? "contention (how operations spread over the accounts)" : "cashiers per node";
      html.append("<h2>").append(contention ? "As contention grows" : "As cashiers are added").append("</h2>\n")
          .append("<div class=\"pair\"><div><h3>Throughput (ops/s)</h3>\n")
          .append(chart(variable.wire() + "-throughput", of, contention, xLabel, "operations answered per second",
              p -> p.getDouble("throughputOpsPerSecond")))
          .append("</div><div><h3>p99 visit latency (ms)</h3>\n")
          .append(chart(variable.wire() + "-p99", of, contention, xLabel, "p99 visit latency, ms",
              p -> p.getJsonObject("latencyMs").getDouble("p99")))
          .append("</div></div>\n");
    }
    html.append("<h2>Points</h2>\n<table><tr><th>model</th><th>variable</th><th>value</th><th>cashiers per node</th>"
        + "<th>ops/s</th><th>p50 ms</th><th>p99 ms</th><th>audit</th><th>lost updates</th></tr>\n");
    for (JsonObject p : points) {
      JsonObject audit = p.getJsonObject("audit");
      boolean passed = audit.getBoolean("passed");
      boolean required = audit.getBoolean("required", true);
      Object lost = audit.getValue("lostUpdates");
      html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.1f</td><td>%.2f</td>"
              + "<td>%.2f</td><td class=\"%s\">%s</td><td>%s</td></tr>%n", HtmlReport.escape(p.getString("model")),
          HtmlReport.escape(p.getString("variable")), HtmlReport.escape(String.valueOf(p.getValue("value"))),
          p.getJsonObject("workload").getValue("cashiersPerNode"), p.getDouble("throughputOpsPerSecond"),
          p.getJsonObject("latencyMs").getDouble("p50"), p.getJsonObject("latencyMs").getDouble("p99"),
          passed ? "ok" : required ? "bad" : "expected",
          passed ? "passed" : required ? "FAILED" : "failed (expected without a lock)",
          lost == null ? "uncounted" : lost.toString()));
    }
    return html.append("</table>\n<p>Field meanings: see docs/load-and-report.md in the bankbus repository. The same"
        + " figures are in sweep.json.</p>\n</body></html>\n").toString();
  }

  /**
   * One line per model over the points of one variable. Contention levels are categories, evenly spaced in the
   * order swept; cashiers are numbers on a log scale, so that each doubling is one step.
   */
  private static String chart(String id, List<JsonObject> points, boolean contention, String xLabel, String yLabel,
                              java.util.function.ToDoubleFunction<JsonObject> y) {
    Set<String> values = new LinkedHashSet<>();
    Set<String> models = new LinkedHashSet<>();
    points.forEach(p -> {
      values.add(String.valueOf(p.getValue("value")));
      models.add(p.getString("model"));
    });
    List<String> valueList = new ArrayList<>(values);
    if (!contention) {
      valueList.sort(java.util.Comparator.comparingDouble(Double::parseDouble));
    }
    List<LineChart.Tick> ticks = new ArrayList<>();
    for (int i = 0; i < valueList.size(); i++) {
      String v = valueList.get(i);
      ticks.add(contention ? new LineChart.Tick(i, label(v)) : new LineChart.Tick(Double.parseDouble(v), v));
    }
    LineChart chart = new LineChart(id, xLabel, yLabel).xTicks(ticks).size(600, 300);
    if (contention) {
      chart.xSpan(-0.4, valueList.size() - 0.6);
    } else {                                           // a little room beyond the least and the most cashiers
      double least = ticks.stream().mapToDouble(LineChart.Tick::at).min().orElse(1);
      double most = ticks.stream().mapToDouble(LineChart.Tick::at).max().orElse(1);
      chart.logX().xSpan(least / 1.25, most * 1.25);
    }
    for (String model : models) {
      // Along the axis, whatever order the points were measured in (the 4-cashier point runs on the contention bank).
      List<JsonObject> mine = points.stream().filter(p -> model.equals(p.getString("model")))
          .sorted(java.util.Comparator.comparingDouble(p -> x(p, contention, valueList))).toList();
      double[] xs = new double[mine.size()];
      double[] ys = new double[mine.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = x(mine.get(i), contention, valueList);
        ys[i] = y.applyAsDouble(mine.get(i));
      }
      chart.series(model, xs, ys);
    }
    return chart.svg();
  }

  private static double x(JsonObject point, boolean contention, List<String> values) {
    String v = String.valueOf(point.getValue("value"));
    return contention ? values.indexOf(v) : Double.parseDouble(v);
  }

  /** A contention level's label for the axis, or its wire name if this version does not know it. */
  private static String label(String wire) {
    for (SweepPlan.Contention c : SweepPlan.Contention.values()) {
      if (c.wire().equals(wire)) {
        return c.label();
      }
    }
    return wire;
  }

  /** The models of the first round ({@code order} is each round's list), or of a flat list. */
  private static String firstOrder(JsonArray order) {
    Object first = order.isEmpty() ? null : order.getValue(0);
    JsonArray models = first instanceof JsonArray round ? round : order;
    return String.join(", ", models.stream().map(String::valueOf).toList());
  }
}
