package io.bankbus.report;

import io.bankbus.customer.LoadRun;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * report.html: the same report as report.json, as one self-contained page (inline SVG charts, no script, no
 * stylesheet or font from elsewhere), readable offline: throughput per model, latency percentiles per model, and
 * the audit of each run.
 */
public final class HtmlReport {
  private static final String[] PERCENTILES = {"p50", "p90", "p99", "p999"};
  private static final String[] COLOURS = {"#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2"};

  private HtmlReport() {
  }

  public static String render(JsonObject report) {
    List<JsonObject> runs = new ArrayList<>();
    report.getJsonArray("runs").forEach(r -> runs.add((JsonObject) r));
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>bankbus load report</title>\n")
        .append("<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th{background:#f3f3f3}")
        .append("td:first-child,th:first-child{text-align:left}.ok{color:#1a7f37}.bad{color:#b42318}")
        .append("svg text{font-size:12px}</style></head><body>\n<h1>bankbus load report</h1>\n");
    html.append(RunLessons.html(report));
    if (!runs.isEmpty()) {
      JsonObject first = runs.get(0);
      html.append(String.format(Locale.ROOT, "<p>%d node(s), %d cashier(s) per node, %d customers, %d accounts.</p>%n",
          first.getInteger("nodes"), first.getInteger("cashiersPerNode"), first.getInteger("customers"),
          first.getInteger("accounts")));
    }
    html.append("<h2>Throughput (operations answered per second)</h2>\n");
    List<String> labels = runs.stream().map(r -> r.getString("model")).toList();
    List<double[]> throughput = runs.stream().map(r -> new double[] {r.getDouble("throughputOpsPerSecond")}).toList();
    html.append(bars(labels, List.of("ops/s"), throughput, "ops/s"));
    html.append("<h2>Visit latency percentiles (ms)</h2>\n");
    List<double[]> latency = runs.stream().map(r -> percentiles(r.getJsonObject("latencyMs"))).toList();
    html.append(bars(labels, List.of(PERCENTILES), latency, "ms"));
    html.append("<h2>Queue wait percentiles (ms)</h2>\n");
    html.append(bars(labels, List.of(PERCENTILES), runs.stream().map(r -> percentiles(r.getJsonObject("queueWaitMs")))
        .toList(), "ms"));
    html.append("<h2>Runs and audits</h2>\n<table><tr><th>model</th><th>visits</th><th>ops/s</th><th>succeeded</th>")
        .append("<th>rejected</th><th>failed</th><th>p50 ms</th><th>p99 ms</th><th>audit</th><th>expected total</th>")
        .append("<th>actual total</th><th>lost updates</th><th>duplicates</th><th>negative</th><th>accounts off</th></tr>\n");
    for (JsonObject r : runs) {
      JsonObject ops = r.getJsonObject("operations");
      JsonObject audit = r.getJsonObject("audit");
      boolean passed = audit.getBoolean("passed");
      Object lost = audit.getValue("lostUpdates");
      html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.1f</td><td>%d</td><td>%d</td><td>%d</td>"
              + "<td>%.2f</td><td>%.2f</td><td class=\"%s\">%s</td><td>%d</td><td>%d</td><td>%s</td><td>%d</td><td>%d</td>"
              + "<td>%d</td></tr>%n",
          escape(r.getString("model")), r.getLong("visits"), r.getDouble("throughputOpsPerSecond"),
          ops.getLong("succeeded"), ops.getLong("rejected"), ops.getLong("failed"),
          r.getJsonObject("latencyMs").getDouble("p50"), r.getJsonObject("latencyMs").getDouble("p99"),
          passed ? "ok" : "bad", passed ? "passed" : "failed" + (LoadRun.auditRequired(
              io.bankbus.protocol.BankModel.ofWire(r.getString("model"))) ? "" : " (expected without a lock)"),
          audit.getLong("expectedTotal"), audit.getLong("actualTotal"), lost == null ? "uncounted" : lost.toString(),
          audit.getLong("duplicateApplications"), audit.getLong("negativeBalances"), audit.getLong("accountsOff")));
    }
    html.append("</table>\n<p>Field meanings: see docs/load-and-report.md in the bankbus repository. The same figures are in "
        + "report.json.</p>\n</body></html>\n");
    return html.toString();
  }

  private static double[] percentiles(JsonObject p) {
    double[] values = new double[PERCENTILES.length];
    for (int i = 0; i < PERCENTILES.length; i++) {
      values[i] = p.getDouble(PERCENTILES[i]);
    }
    return values;
  }

  /** Horizontal grouped bars: one group per label, one bar per series, value printed at the end of each bar. */
  static String bars(List<String> labels, List<String> series, List<double[]> values, String unit) {
    double max = values.stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(0);
    int barHeight = 14;
    int groupHeight = series.size() * barHeight + 12;
    int left = 170;
    int width = 460;
    int height = labels.size() * groupHeight + 20 + (series.size() > 1 ? 20 : 0);
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">%n", left + width + 90, height));
    for (int g = 0; g < labels.size(); g++) {
      int y0 = g * groupHeight + 10;
      svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>%n", y0 + groupHeight / 2, escape(labels.get(g))));
      for (int s = 0; s < series.size(); s++) {
        double v = values.get(g)[s];
        int w = max <= 0 ? 0 : (int) Math.round(v / max * width);
        int y = y0 + s * barHeight;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s: %.2f %s"
                + "</title></rect><text x=\"%d\" y=\"%d\">%.1f</text>%n", left, y, w, barHeight - 2,
            COLOURS[s % COLOURS.length], escape(labels.get(g)), escape(series.get(s)), v, unit, left + w + 4,
            y + barHeight - 3, v));
      }
    }
    if (series.size() > 1) {
      int y = labels.size() * groupHeight + 25;
      for (int s = 0; s < series.size(); s++) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" "
            + "y=\"%d\">%s</text>%n", left + s * 70, y - 9, COLOURS[s % COLOURS.length], left + s * 70 + 14, y, series.get(s)));
      }
    }
    return svg.append("</svg>\n").toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
