package io.bankbus.customer;

import io.bankbus.protocol.BankError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.random.RandomGenerator;

/**
 * What a customer does when an operation fails: give up (a bank rule refused it), retry it with the same
 * operation id at the same cashier, or retry it with the same id in a new visit because the cashier is gone.
 * Retries wait a bounded, jittered ("full jitter") backoff: a random time up to {@code baseDelayMs * 2^n},
 * capped at {@code maxDelayMs}, so customers who failed together do not come back together. A retry is safe
 * only because the id is the same: the bank applies an id at most once and answers a repeat with the first
 * outcome, so an unknown outcome is settled by asking again, never by guessing.
 *
 * @param maxAttempts attempts in all, the first included
 */
public record RetryPolicy(int maxAttempts, long baseDelayMs, long maxDelayMs) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(8, 50, 2_000);
  public static final RetryPolicy NONE = new RetryPolicy(1, 0, 0);

  public RetryPolicy {
    if (maxAttempts < 1 || baseDelayMs < 0 || maxDelayMs < baseDelayMs) {
      throw new IllegalArgumentException("need maxAttempts >= 1 and 0 <= baseDelayMs <= maxDelayMs");
    }
  }

  /** What to do after a failure. */
  public enum Action {
    /** A bank rule refused it (or the bank is full): nothing to retry. */
    GIVE_UP,
    /** The cashier answered that something behind it was unavailable: ask it again. */
    RETRY_SAME_VISIT,
    /** The cashier did not answer, or no longer serves this visit: take a new ticket and ask there. */
    RETRY_NEW_VISIT
  }

  public static Action classify(Throwable failure) {
    if (failure instanceof ReplyException re && re.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return Action.RETRY_NEW_VISIT;                               // timed out or no handler: the cashier is gone
    }
    BankError error = BankError.of(failure);
    if (error == BankError.NOT_YOUR_CASHIER) {
      return Action.RETRY_NEW_VISIT;                               // the visit ended (idle timeout) or moved
    }
    if (error == BankError.BANK_FULL || !error.retryable()) {
      return Action.GIVE_UP;
    }
    return Action.RETRY_SAME_VISIT;
  }

  /** May attempt number {@code attempt} (1 = the first) be followed by another? */
  public boolean mayRetry(int attempt) {
    return attempt < maxAttempts;
  }

  /** The wait before retry number {@code retry} (1 = the first retry). */
  public long delayMs(int retry, RandomGenerator random) {
    long ceiling = Math.min(maxDelayMs, baseDelayMs << Math.min(30, Math.max(0, retry - 1)));
    return ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
  }
}
