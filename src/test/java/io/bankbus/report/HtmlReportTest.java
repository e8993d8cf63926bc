package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
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
            .put("mode", "operations"))
        .put("faults", new JsonArray()).put("recoverySeconds", null).put("retries", 3)
        .put("answeredPerSecond", new JsonArray().add(opsPerSecond).add(opsPerSecond * 0.9).add(opsPerSecond))
        .put("percentileSpectrum", new JsonObject()
            .put("latencyMs", spectrum(10)).put("queueWaitMs", spectrum(5)).put("serviceMs", spectrum(4)));
  }

  private static JsonArray spectrum(double p50) {
    return new JsonArray().add(new JsonArray().add(50.0).add(p50)).add(new JsonArray().add(90.0).add(p50 * 2))
        .add(new JsonArray().add(99.0).add(p50 * 4)).add(new JsonArray().add(99.9).add(p50 * 8));
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
  @DisplayName("report.html draws the throughput bars, throughput over time and three percentile spectra, and nothing else")
  void charts() {
    String html = threeModels();
    assertEquals(5, count(html, "<svg"));
    assertEquals(List.of("throughput-over-time", "spectrum-latencyMs", "spectrum-queueWaitMs", "spectrum-serviceMs"),
        LineChartTest.attributes(html, "data-chart"));
  }

  @Test
  @DisplayName("report.html's throughput bars are scaled to the largest")
  void bars() {
    String html = threeModels();
    assertEquals(3, count(html, " ops/s: "));
    assertTrue(html.contains("width=\"460\" height=\"12\" fill=\"#4c78a8\"><title>message-passing ops/s"), html);
    assertTrue(html.contains("width=\"230\" height=\"12\" fill=\"#4c78a8\"><title>shared-state ops/s"), html);
  }

  @Test
  @DisplayName("each line chart of report.html has one series per model, in the order they ran")
  void oneSeriesPerModel() {
    List<String> series = LineChartTest.attributes(threeModels(), "data-series");
    List<String> models = List.of("message-passing", "shared-state", "unlocked-shared-state");
    assertEquals(4 * 3, series.size(), series.toString());
    for (int chart = 0; chart < 4; chart++) {
      assertEquals(models, series.subList(chart * 3, chart * 3 + 3));
    }
  }

  @Test
  @DisplayName("a chaos run's kill is a marker on the throughput over time, and so is its recovery point")
  void faultMarkers() {
    JsonObject chaos = run("message-passing", 3000, true, 0L)
        .put("faults", new JsonArray().add(new JsonObject().put("atSeconds", 1.2).put("kind", "kill")
            .put("node", "node-3 (pid 77)")))
        .put("recoverySeconds", 1.0);
    String html = HtmlReport.render(new JsonObject().put("runs", new JsonArray().add(chaos)));
    assertEquals(List.of("kill node-3 (pid 77) (message-passing)", "back to 80 % after 1 s"),
        LineChartTest.attributes(html, "data-marker"));
  }

  @Test
  @DisplayName("a report.json from before the per-second counts and spectra still renders, its lines empty")
  void olderReport() {
    JsonObject old = run("shared-state", 10, true, 0L);
    old.remove("answeredPerSecond");
    old.remove("percentileSpectrum");
    String html = HtmlReport.render(new JsonObject().put("runs", new JsonArray().add(old)));
    assertEquals(4, count(html, "shared-state (no data)"), html);
  }

  @Test
  @DisplayName("the runs and the audits are two tables of at most 11 columns each, not one of 15")
  void tablesFit() {
    String html = threeModels();
    assertEquals(2, count(html, "<table>"));
    for (String table : html.split("<table>")) {
      if (table.contains("</table>")) {
        String header = table.substring(0, table.indexOf("</tr>"));
        assertTrue(count(header, "<th>") <= 11, header);
      }
    }
  }

  @Test
  @DisplayName("report.html's audit table shows each model's verdict and its lost updates")
  void auditTable() {
    String html = threeModels();
    assertTrue(html.contains("<td class=\"ok\">passed</td>"));
    assertTrue(html.contains("<td class=\"expected\">failed (expected without a lock)</td>") && html.contains("<td>12</td>"), html);
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
