package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.client.RetryPolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
  @Test
  @DisplayName("the dedup window must outlast patience + reply timeout + the safety margin; the message says how long")
  void dedupWindowRule() {
    assertEquals(0, LoadOptions.retrySpanWithin(50_000, 30_000, 10_000));
    assertEquals(70_000, LoadOptions.retrySpanWithin(120_000, 30_000, 10_000));
    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> LoadOptions.retrySpanWithin(50_000, 30_500, 10_000));
    assertTrue(tooShort.getMessage().contains("(50 s) is too short"), tooShort.getMessage());
    assertTrue(tooShort.getMessage().contains("it needs at least 51 s"), "rounded up: " + tooShort.getMessage());
    assertEquals(RetryPolicy.SAFETY_MS, 10_000, "the figures above assume a 10 s margin");
  }

  @Test
  @DisplayName("a range check names the value and its bounds")
  void rangeMessage() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new LoadOptions(0, 0, 1, 0, 0, Workload.DEFAULTS, 1_000, 1_000));
    assertEquals("customers must be between 1 and 100000, got 0", bad.getMessage());
  }
}
