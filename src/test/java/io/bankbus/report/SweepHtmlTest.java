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

class SweepHtmlTest {
  static final List<String> MODELS = List.of("message-passing", "shared-state", "unlocked-shared-state");

  /** A sweep.json of every model at 4 contention levels and 3 cashier counts; shared-state fails one audit. */
  static JsonObject sweep() {
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
        .put("order", new JsonArray(MODELS)).put("rounds", 1));
  }

  private static JsonObject point(String model, String variable, Object value, int cashiers, double ops, boolean fail) {
    boolean unlocked = model.startsWith("unlocked");
    return new JsonObject().put("model", model).put("variable", variable).put("value", value)
        .put("workload", new JsonObject().put("cashiersPerNode", cashiers))
        .put("throughputOpsPerSecond", ops)
        .put("latencyMs", new JsonObject().put("p50", 10.0).put("p90", 20.0).put("p99", 40.0).put("p999", 80.0).put("max", 90.0))
        .put("audit", new JsonObject().put("passed", !unlocked && !fail).put("required", !unlocked)
            .put("lostUpdates", unlocked ? 12 : fail ? 1 : 0));
  }

  @Test
  @DisplayName("sweep.html has a throughput and a p99 chart per variable, each with one series per model")
  void charts() {
    String html = SweepHtml.render(sweep());
    assertEquals(List.of("contention-throughput", "contention-p99", "cashiers-throughput", "cashiers-p99"),
        LineChartTest.attributes(html, "data-chart"));
    List<String> series = LineChartTest.attributes(html, "data-series");
    assertEquals(4 * 3, series.size(), series.toString());
    for (int chart = 0; chart < 4; chart++) {
      assertEquals(MODELS, series.subList(chart * 3, chart * 3 + 3));
    }
  }

  @Test
  @DisplayName("the contention axis names each level; the cashier axis each count")
  void axes() {
    String html = SweepHtml.render(sweep());
    for (String label : List.of("uniform", "1 % take 50 %", "10 take 90 %", "1 takes all", ">16</text>")) {
      assertTrue(html.contains(label), label);
    }
  }

  @Test
  @DisplayName("sweep.html lists every point with its audit: a required one that failed as FAILED")
  void points() {
    String html = SweepHtml.render(sweep());
    assertEquals(1 + 21, LineChartTest.count(html, "<tr>"));
    assertEquals(1, LineChartTest.count(html, ">FAILED</td>"));
    assertEquals(7, LineChartTest.count(html, "failed (expected without a lock)"));
  }

  @Test
  @DisplayName("sweep.html loads nothing from elsewhere")
  void selfContained() {
    String html = SweepHtml.render(sweep());
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertFalse(Pattern.compile("<script|<link|@import|url\\(|(src|href)=").matcher(html).find());
  }
}
