package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PercentileSpectrumTest {
  @Test
  @DisplayName("the spectrum runs from the median to 99.99 %, in milliseconds, rising, with its tail as dense as its body")
  void spectrum() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int i = 1; i <= 100_000; i++) {
      h.recordValue(i * 10L);                        // 10 µs .. 1 s, evenly
    }
    JsonArray points = PercentileSpectrum.ofMicros(h);
    assertEquals(50.0, points.getJsonArray(0).getDouble(0), 1e-9);
    assertEquals(500.0, points.getJsonArray(0).getDouble(1), 0.5, "the median of 10 µs .. 1 s is 0.5 s");
    JsonArray last = points.getJsonArray(points.size() - 1);
    assertTrue(last.getDouble(0) >= 99.98 && last.getDouble(0) <= 99.99, last.encode());
    assertEquals(last.getDouble(0) * 10, last.getDouble(1), 1.0, "p of 1 s is p x 10 ms");
    int beyond99 = 0;
    for (int i = 1; i < points.size(); i++) {
      assertTrue(points.getJsonArray(i).getDouble(0) > points.getJsonArray(i - 1).getDouble(0), points.encode());
      assertTrue(points.getJsonArray(i).getDouble(1) >= points.getJsonArray(i - 1).getDouble(1), points.encode());
      beyond99 += points.getJsonArray(i).getDouble(0) > 99 ? 1 : 0;
    }
    assertTrue(beyond99 >= 15, "the last two nines get points of their own: " + beyond99);
  }

  @Test
  @DisplayName("an empty histogram has an empty spectrum")
  void empty() {
    assertTrue(PercentileSpectrum.ofMicros(new Histogram(3_600_000_000L, 3)).isEmpty());
  }
}
