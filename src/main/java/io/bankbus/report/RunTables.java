package io.bankbus.report;

import io.bankbus.customer.LoadRun;
import io.bankbus.protocol.BankModel;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** report.html's tables: the runs' figures and their audits apart, so that neither is wider than the page. */
final class RunTables {
  private RunTables() {
  }

  static String runs(List<JsonObject> runs) {
    StringBuilder html = new StringBuilder("<h2>Runs</h2>\n<table><tr><th>model</th><th>visits</th><th>ops/s</th>"
        + "<th>succeeded</th><th>rejected</th><th>failed</th><th>p50 ms</th><th>p99 ms</th><th>wait p99 ms</th>"
        + "<th>service p50 ms</th><th>retries</th></tr>\n");
    for (JsonObject r : runs) {
      JsonObject ops = r.getJsonObject("operations");
      html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.1f</td><td>%d</td><td>%d</td><td>%d</td>"
              + "<td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%s</td></tr>%n",
          HtmlReport.escape(r.getString("model")), r.getLong("visits"), r.getDouble("throughputOpsPerSecond"),
          ops.getLong("succeeded"), ops.getLong("rejected"), ops.getLong("failed"),
          r.getJsonObject("latencyMs").getDouble("p50"), r.getJsonObject("latencyMs").getDouble("p99"),
          r.getJsonObject("queueWaitMs").getDouble("p99"), r.getJsonObject("serviceMs").getDouble("p50"),
          r.getValue("retries") == null ? "" : r.getValue("retries").toString()));
    }
    return html.append("</table>\n").toString();
  }

  static String audits(List<JsonObject> runs) {
    StringBuilder html = new StringBuilder("<h2>Audits</h2>\n<table><tr><th>model</th><th>audit</th><th>expected total"
        + "</th><th>actual total</th><th>lost updates</th><th>duplicates</th><th>negative</th><th>accounts off</th>"
        + "<th>mode</th></tr>\n");
    for (JsonObject r : runs) {
      JsonObject audit = r.getJsonObject("audit");
      boolean passed = audit.getBoolean("passed");
      Object lost = audit.getValue("lostUpdates");
      boolean required = LoadRun.auditRequired(BankModel.ofWire(r.getString("model")));
      html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"%s\">%s</td><td>%d</td><td>%d</td><td>%s</td>"
              + "<td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>%n",
          HtmlReport.escape(r.getString("model")), passed ? "ok" : required ? "bad" : "expected",
          passed ? "passed" : "failed" + (required ? "" : " (expected without a lock)"),
          audit.getLong("expectedTotal"), audit.getLong("actualTotal"), lost == null ? "uncounted" : lost.toString(),
          audit.getLong("duplicateApplications"), audit.getLong("negativeBalances"), audit.getLong("accountsOff"),
          HtmlReport.escape(audit.getString("mode", ""))));
    }
    return html.append("</table>\n").toString();
  }
}
