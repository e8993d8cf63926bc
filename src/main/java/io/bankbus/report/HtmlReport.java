package io.bankbus.report;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * report.html: the same report as report.json, as one self-contained page (inline SVG charts, no script, no
 * stylesheet or font from elsewhere), readable offline: throughput per model, in total and second by second with
 * any fault and recovery, each model's latency percentile spectrum (visit, queue wait, service), and the runs and
 * their audits in two tables narrow enough for the page.
 */
public final class HtmlReport {
  private static final String[] COLOURS = LineChart.COLOURS;

  private HtmlReport() {
  }

  public static String render(JsonObject report) {
    List<JsonObject> runs = new ArrayList<>();
    report.getJsonArray("runs").forEach(r -> runs.add((JsonObject) r));
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>bankbus load report</title>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;max-width:1320px}")
        .append("table{border-collapse:collapse;max-width:100%}td,th{border:1px solid #ccc;padding:.25rem .5rem;")
        .append("text-align:right;overflow-wrap:break-word}th{background:#f3f3f3}")
        .append("td:first-child,th:first-child{text-align:left}.ok{color:#1a7f37}.bad{color:#b42318}.expected{color:#9a6700}")
        .append(".pair{display:flex;flex-wrap:wrap;gap:1.5rem}svg text{font-size:12px}</style></head><body>\n")
        .append("<h1>bankbus load report</h1>\n");
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
    html.append("<h2>Throughput over time</h2>\n<p>Operations answered in each second of each model's measured phase"
        + " (the models ran one after the other; each line starts when its model's measuring began). A dashed line"
        + " marks a node killed or stopped on purpose, a ring the point where throughput was back to 80 % of what it"
        + " was before.</p>\n");
    html.append(ReportCharts.throughputOverTime(runs));
    html.append("<h2>Latency percentile spectrum</h2>\n<p>HdrHistogram's percentile distribution of each model, from"
        + " the median to 99.99 %, on a log scale of 1/(1-p): each further nine of the tail gets the same width. A"
        + " line that ends early had too few visits to resolve the rest of the tail.</p>\n<h3>Visit (ms)</h3>\n");
    html.append(ReportCharts.spectrum(runs, "latencyMs", "visit latency, ms", 900));
    html.append("<div class=\"pair\"><div><h3>Queue wait (ms): ticket to call</h3>\n")
        .append(ReportCharts.spectrum(runs, "queueWaitMs", "queue wait, ms", 560))
        .append("</div><div><h3>Service time (ms): call to leave</h3>\n")
        .append(ReportCharts.spectrum(runs, "serviceMs", "service time, ms", 560)).append("</div></div>\n");
    html.append(RunTables.runs(runs)).append(RunTables.audits(runs));
    html.append("<p>Field meanings: see docs/load-and-report.md in the bankbus repository. The same figures are in "
        + "report.json.</p>\n</body></html>\n");
    return html.toString();
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
