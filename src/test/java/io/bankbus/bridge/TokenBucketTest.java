package io.bankbus.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("a full bucket lets exactly one burst of messages through at once")
  void burst() {
    TokenBucket bucket = new TokenBucket(10, 5, 0);
    for (int i = 0; i < 5; i++) {
      assertTrue(bucket.tryTake(0), "message " + i);
    }
    assertFalse(bucket.tryTake(0));
  }

  @Test
  @DisplayName("tokens come back at the rate, never more than the burst")
  void refill() {
    TokenBucket bucket = new TokenBucket(10, 5, 0);
    for (int i = 0; i < 5; i++) {
      bucket.tryTake(0);
    }
    assertFalse(bucket.tryTake(SECOND / 20), "half a token after 50 ms");
    assertTrue(bucket.tryTake(SECOND / 10), "one token after 100 ms");
    int taken = 0;
    while (bucket.tryTake(100 * SECOND)) {
      taken++;
    }
    assertEquals(5, taken, "a long pause refills to the burst, not beyond");
  }

  @Test
  @DisplayName("a steady sender at the rate is never refused")
  void steady() {
    TokenBucket atRate = new TokenBucket(20, 1, 0);
    for (int i = 1; i <= 200; i++) {
      assertTrue(atRate.tryTake(i * SECOND / 20), "message " + i);
    }
  }

  @Test
  @DisplayName("a sender at twice the rate is refused once the burst is spent")
  void twiceTheRate() {
    TokenBucket twice = new TokenBucket(20, 10, 0);
    int refusedAt = -1;
    for (int i = 1; i <= 200 && refusedAt < 0; i++) {
      if (!twice.tryTake(i * SECOND / 40)) {
        refusedAt = i;
      }
    }
    assertTrue(refusedAt > 10 && refusedAt < 30, "refused after the burst is spent: " + refusedAt);
  }

  @Test
  @DisplayName("a clock that goes backwards gives no tokens")
  void clockBackwards() {
    TokenBucket bucket = new TokenBucket(10, 1, SECOND);
    assertTrue(bucket.tryTake(SECOND));
    assertFalse(bucket.tryTake(0));
  }

  @Test
  @DisplayName("a bucket with no rate or no burst is refused")
  void nonsenseLimits() {
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
  }
}
