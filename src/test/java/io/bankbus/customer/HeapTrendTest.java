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

  /** The failing CI soak of 2026-12-02, in shape: samples every 3 s from 50 s, heap and window both rising. */
  private static HeapTrend withWindow(DoubleUnaryOperator mb, DoubleUnaryOperator windowOps) {
    List<HeapTrend.Sample> samples = new ArrayList<>();
    for (int t = 51; t <= 69; t += 3) {
      samples.add(new HeapTrend.Sample(t, mb.applyAsDouble(t), Math.round(windowOps.applyAsDouble(t))));
    }
    return new HeapTrend("n", samples, 50);
  }

  @Test
  @DisplayName("a node's heap that grows only as much as the operations of its window is flat; more is growing")
  void growsWithTheWindow() {
    // 64 -> 86 MB while the window's operations rise from 40,000 to 64,000 (the served rate drifting up): flat
    HeapTrend served = withWindow(s -> 64 + (s - 51) * 22 / 18.0, s -> 40_000 + (s - 51) * 24_000 / 18.0);
    assertEquals(HeapTrend.Verdict.FLAT, served.verdict());
    assertEquals(1.48, served.windowGrowth(), 0.05);
    // the same heap with the window's operations flat: growing
    assertEquals(HeapTrend.Verdict.GROWING, withWindow(s -> 64 + (s - 51) * 22 / 18.0, s -> 40_000).verdict());
    // the window doubling does not hide a heap that triples
    assertEquals(HeapTrend.Verdict.GROWING,
        withWindow(s -> 64 + (s - 51) * 128 / 18.0, s -> 40_000 + (s - 51) * 40_000 / 18.0).verdict());
  }

  @Test
  @DisplayName("without window figures (the customers' process) the heap alone is judged")
  void noWindowFigures() {
    HeapTrend load = withWindow(s -> 64 + (s - 51) * 22 / 18.0, s -> -1);
    assertEquals(HeapTrend.Verdict.GROWING, load.verdict());
    assertEquals(1.0, load.windowGrowth());
  }
}
