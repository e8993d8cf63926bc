package io.bankbus.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.BankError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static ReplyException replied(BankError error) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, error.code(), error.name());
  }

  @Test
  @DisplayName("a refusal by a bank rule, BANK_FULL included, is final")
  void refusalsAreFinal() {
    for (BankError e : new BankError[] {BankError.INSUFFICIENT_FUNDS, BankError.UNKNOWN_ACCOUNT,
        BankError.OPERATION_ID_CONFLICT, BankError.INVALID_FIELD, BankError.BANK_FULL}) {
      assertEquals(RetryPolicy.Action.GIVE_UP, RetryPolicy.classify(replied(e)), e.name());
    }
  }

  @Test
  @DisplayName("an outcome the cashier could not settle is asked again at the same cashier")
  void retryableAtCashier() {
    for (BankError e : new BankError[] {BankError.UNAVAILABLE, BankError.LOCK_TIMEOUT, BankError.IN_PROGRESS,
        BankError.INTERNAL_ERROR}) {
      assertEquals(RetryPolicy.Action.RETRY_SAME_VISIT, RetryPolicy.classify(replied(e)), e.name());
    }
  }

  @Test
  @DisplayName("a cashier that does not answer, or no longer serves the visit, means a new ticket")
  void cashierGone() {
    assertEquals(RetryPolicy.Action.RETRY_NEW_VISIT,
        RetryPolicy.classify(new ReplyException(ReplyFailure.TIMEOUT, "timed out")));
    assertEquals(RetryPolicy.Action.RETRY_NEW_VISIT,
        RetryPolicy.classify(new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers")));
    assertEquals(RetryPolicy.Action.RETRY_NEW_VISIT, RetryPolicy.classify(replied(BankError.NOT_YOUR_CASHIER)));
  }

  @Test
  @DisplayName("attempts are bounded")
  void boundedAttempts() {
    RetryPolicy policy = new RetryPolicy(4, 50, 300);
    assertTrue(policy.mayRetry(3));
    assertFalse(policy.mayRetry(4));
    assertFalse(RetryPolicy.NONE.mayRetry(1));
  }

  @Test
  @DisplayName("each retry waits a jittered delay under a ceiling that doubles up to the cap")
  void jitteredBackoff() {
    RetryPolicy policy = new RetryPolicy(4, 50, 300);
    SplittableRandom random = new SplittableRandom(7);
    long[] ceilings = {50, 100, 200, 300, 300};
    for (int retry = 1; retry <= ceilings.length; retry++) {
      long max = 0;
      long min = Long.MAX_VALUE;
      for (int i = 0; i < 2_000; i++) {
        long d = policy.delayMs(retry, random);
        max = Math.max(max, d);
        min = Math.min(min, d);
      }
      assertTrue(max <= ceilings[retry - 1], "retry " + retry + " waited " + max);
      assertTrue(max > ceilings[retry - 1] / 2, "retry " + retry + " never waited long: not spread");
      assertTrue(min < ceilings[retry - 1] / 4, "retry " + retry + " always waited: no jitter");
    }
    assertEquals(0, RetryPolicy.NONE.delayMs(1, random));
  }

  private static final RetryPolicy WITHIN_THE_WINDOW =
      RetryPolicy.DEFAULT.withMaxSpanMs(RetryPolicy.spanWithin(120_000, 30_000, 10_000));

  @Test
  @DisplayName("no retry starts later than the span after the first attempt")
  void span() {
    RetryPolicy policy = WITHIN_THE_WINDOW;
    assertTrue(policy.mayRetry(1, 70_000));
    assertFalse(policy.mayRetry(1, 70_001), "too late: the bank may forget the first application before this one");
    assertFalse(policy.mayRetry(8, 0), "the attempt budget still applies");
  }

  @Test
  @DisplayName("the span leaves patience, timeout and a margin off the window")
  void spanWithin() {
    assertEquals(70_000, WITHIN_THE_WINDOW.maxSpanMs());
    assertTrue(RetryPolicy.spanWithin(15_000, 30_000, 10_000) < 0, "a window shorter than a queue wait is unsafe");
  }
}
