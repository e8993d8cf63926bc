package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecoveryTest {

  private static OptionalDouble recovery(long[] perSecond, double faultAt, long first) {
    return Recovery.seconds(s -> s < perSecond.length ? perSecond[(int) s] : 0, faultAt, first, perSecond.length, 5,
        0.8);
  }

  @Test
  @DisplayName("recovery counts from the fault to the first two seconds back at 80 % of the five before")
  void backToEightyPercent() {
    //                      0    1    2    3    4    5    6  fault 7  8   9   10   11   12
    long[] perSecond = {100, 100, 100, 100, 100, 100, 100, 20, 0, 10, 90, 70, 100, 100};
    // baseline: seconds 2-6 (100); second 10-11 average 80 -> back; fault at 7.4 s
    assertEquals(10 - 7.4, recovery(perSecond, 7.4, 1).orElseThrow(), 1e-9);
  }

  @Test
  @DisplayName("no recovery within the run gives no figure")
  void neverBack() {
    long[] neverBack = {100, 100, 100, 100, 10, 10, 10, 10};
    assertTrue(recovery(neverBack, 3.5, 0).isEmpty());
  }

  @Test
  @DisplayName("no baseline before the fault gives no figure")
  void noBaseline() {
    long[] faultFirst = {0, 100, 100, 100};
    assertTrue(recovery(faultFirst, 0.5, 0).isEmpty());
  }

  @Test
  @DisplayName("a fault that costs nothing recovers within the second after it (the resolution is one second)")
  void noDip() {
    long[] flat = {50, 50, 50, 50, 50, 50, 50, 50};
    assertEquals(1.0, recovery(flat, 4.0, 0).orElseThrow(), 1e-9);
  }

  @Test
  @DisplayName("after a partition, full service counts from the heal, against the throughput before the cut")
  void fromTheHeal() {
    //                   0    1    2    3    4  cut 5  6   7   8  heal 9  10   11   12   13
    long[] perSecond = {100, 100, 100, 100, 100, 60, 60, 60, 60, 30, 40, 90, 90, 100};
    // baseline: seconds 0-4 (100); heal at 9.5; seconds 11-12 average 90 -> back
    assertEquals(11 - 9.5, Recovery.secondsAfter(s -> s < perSecond.length ? perSecond[(int) s] : 0, 5.2, 9.5, 0,
        perSecond.length, 5, 0.8).orElseThrow(), 1e-9);
  }
}
