package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static JsonObject percentiles(double p50) {
    return new JsonObject().put("p50", p50).put("p90", p50 * 2).put("p99", p50 * 4).put("p999", p50 * 8).put("max", p50 * 9);
  }

  private static JsonObject run(String model, double opsPerSecond, boolean passed, Long lost) {
    return new JsonObject().put("model", model).put("nodes", 2).put("cashiersPerNode", 4).put("customers", 64)
        .put("accounts", 1000).put("durationSeconds", 15.0).put("visits", 100)
        .put("operations", new JsonObject().put("attempted", 300).put("succeeded", 290).put("rejected", 10)
            .put("failed", 0).put("bankFull", 0))
        .put("throughputOpsPerSecond", opsPerSecond).put("latencyMs", percentiles(10)).put("queueWaitMs", percentiles(5))
        .put("serviceMs", percentiles(4))
        .put("audit", new JsonObject().put("passed", passed).put("expectedTotal", 100).put("actualTotal", passed ? 100 : 90)
            .put("negativeBalances", 0).put("lostUpdates", lost).put("duplicateApplications", 0).put("accountsOff", 0)
            .put("mode", "operations"));
  }

  /** The report of a run of the three models, the unlocked one failing its audit with 12 lost updates. */
  private static String threeModels() {
    JsonObject report = new JsonObject().put("runs", new JsonArray()
        .add(run("message-passing", 3000, true, 0L))
        .add(run("shared-state", 1500, true, 0L))
        .add(run("unlocked-shared-state", 1600, false, 12L)));
    return HtmlReport.render(report);
  }

  @Test
  @DisplayName("report.html loads nothing from elsewhere")
  void selfContained() {
    String html = threeModels();
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertFalse(Pattern.compile("<script|<link|@import|url\\(|(src|href)=").matcher(html).find(),
        "self-contained: no script, stylesheet, font or image from elsewhere");
  }

  @Test
  @DisplayName("report.html draws three charts, one throughput bar per model scaled to the largest")
  void charts() {
    String html = threeModels();
    assertEquals(3, count(html, "<svg"), "throughput, latency and queue-wait charts, and nothing else");
    // Throughput bars are scaled to the largest: message-passing is the full width, shared-state half of it.
    assertEquals(3, count(html, " ops/s: "));
    assertTrue(html.contains("width=\"460\" height=\"12\" fill=\"#4c78a8\"><title>message-passing ops/s"), html);
    assertTrue(html.contains("width=\"230\" height=\"12\" fill=\"#4c78a8\"><title>shared-state ops/s"), html);
  }

  @Test
  @DisplayName("report.html's audit table shows each model's verdict and its lost updates")
  void auditTable() {
    String html = threeModels();
    assertTrue(html.contains("<td class=\"ok\">passed</td>"));
    assertTrue(html.contains("failed (expected without a lock)") && html.contains("<td>12</td>"), html);
  }

  @Test
  @DisplayName("an uncounted lost-update figure is shown as uncounted")
  void uncounted() {
    String html = HtmlReport.render(new JsonObject().put("runs", new JsonArray().add(run("shared-state", 1, true, null))));
    assertTrue(html.contains("uncounted"));
  }

  @Test
  @DisplayName("text from the report is escaped")
  void escaping() {
    assertEquals("a&lt;b&gt;&amp;&quot;", HtmlReport.escape("a<b>&\""));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
