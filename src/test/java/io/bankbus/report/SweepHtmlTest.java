package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.support.ReportSamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SweepHtmlTest {
  private static final List<String> MODELS = ReportSamples.MODELS;

  private static JsonObject sweep() {
    return ReportSamples.sweep();
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
  @DisplayName("a line runs along its axis whatever order its points were measured in")
  void sortedAlongTheAxis() {
    JsonObject sweep = sweep();
    JsonArray points = sweep.getJsonArray("points");
    JsonArray reordered = new JsonArray();
    for (int i = points.size() - 1; i >= 0; i--) {
      reordered.add(points.getJsonObject(i));
    }
    String html = SweepHtml.render(sweep.copy().put("points", reordered));
    java.util.regex.Matcher path = Pattern.compile("data-chart=\"cashiers-throughput\"[\\s\\S]*?<path [^>]* d=\"([^\"]+)\"")
        .matcher(html);
    assertTrue(path.find(), html);
    List<Double> xs = java.util.Arrays.stream(path.group(1).split("[ML] ?")).filter(s -> !s.isBlank())
        .map(s -> Double.parseDouble(s.trim().split(" ")[0])).toList();
    assertEquals(3, xs.size(), path.group(1));
    assertTrue(xs.get(0) < xs.get(1) && xs.get(1) < xs.get(2), "left to right: " + xs);
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
