package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HeapTrendTest {
  /** One sample every 30 s for 10 minutes, heap in MB as a function of the second. */
  private static HeapTrend trend(DoubleUnaryOperator mb, double steadyFrom) {
    List<HeapTrend.Sample> samples = new ArrayList<>();
    for (int t = 30; t <= 600; t += 30) {
      samples.add(new HeapTrend.Sample(t, mb.applyAsDouble(t)));
    }
    return new HeapTrend("n", samples, steadyFrom);
  }

  @Test
  @DisplayName("a heap that fills during the window and then holds, with noise, is flat")
  void fillsThenHolds() {
    HeapTrend t = trend(s -> Math.min(s, 120) + (s % 60 == 0 ? 6 : 0), 140);
    assertEquals(HeapTrend.Verdict.FLAT, t.verdict());
  }

  @Test
  @DisplayName("a heap that keeps growing after the window is growing, even slowly")
  void keepsGrowing() {
    assertEquals(HeapTrend.Verdict.GROWING, trend(s -> 100 + s * 0.1, 140).verdict());
  }

  @Test
  @DisplayName("growth before the steady point is not judged")
  void steadyPoint() {
    assertEquals(HeapTrend.Verdict.FLAT, trend(s -> s < 300 ? s : 300, 300).verdict());
  }

  @Test
  @DisplayName("fewer than six judged samples are too short to say")
  void tooShort() {
    assertEquals(HeapTrend.Verdict.TOO_SHORT, trend(s -> 50, 480).verdict());
  }
}
