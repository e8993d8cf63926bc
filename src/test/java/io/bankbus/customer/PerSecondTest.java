package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PerSecondTest {
  @Test
  @DisplayName("counts fall in the whole second that holds them, and a second nobody counted in reads 0")
  void buckets() {
    PerSecond counts = new PerSecond();
    counts.add(0);
    counts.add(999_999_999L);
    counts.add(1_000_000_000L);
    counts.add(3_500_000_000L);
    assertArrayEquals(new long[] {2, 1, 0, 1}, counts.first(4));
    assertEquals(0, counts.in(7));
    assertArrayEquals(new long[] {2, 1}, counts.first(2), "only the seconds asked for");
  }
}
