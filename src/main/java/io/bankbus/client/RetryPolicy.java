package io.bankbus.client;

import io.bankbus.protocol.BankError;
import io.bankbus.rules.BankRules;
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
 * <p>The bank remembers an id only for its dedup window, so retries must stop well within it: no attempt
 * starts later than {@code maxSpanMs} after the first. An attempt still in a queue may be applied later than it
 * started, by up to the customer's patience and reply timeout: {@link #spanWithin} takes those off the window.
 *
 * @param maxAttempts attempts in all, the first included
 * @param maxSpanMs   no attempt starts later than this after the first attempt of the same operation
 */
public record RetryPolicy(int maxAttempts, long baseDelayMs, long maxDelayMs, long maxSpanMs) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(8, 50, 2_000);
  public static final RetryPolicy NONE = new RetryPolicy(1, 0, 0);
  /** Kept off a dedup window on top of patience and reply timeout: {@link BankRules#DEDUP_SAFETY_MS}. */
  public static final long SAFETY_MS = BankRules.DEDUP_SAFETY_MS;

  public RetryPolicy {
    if (maxAttempts < 1 || baseDelayMs < 0 || maxDelayMs < baseDelayMs || maxSpanMs < 0) {
      throw new IllegalArgumentException("need maxAttempts >= 1, 0 <= baseDelayMs <= maxDelayMs and maxSpanMs >= 0");
    }
  }

  /** With no limit on the span. */
  public RetryPolicy(int maxAttempts, long baseDelayMs, long maxDelayMs) {
    this(maxAttempts, baseDelayMs, maxDelayMs, Long.MAX_VALUE);
  }

  /**
   * The longest retry span safe against a bank that remembers ids for {@code dedupWindowMs}: the last attempt
   * must be applied, at the latest, {@code patienceMs + replyTimeoutMs} after it starts, and
   * {@link #SAFETY_MS} before the first application is forgotten. Negative if the window is too short.
   */
  public static long spanWithin(long dedupWindowMs, long patienceMs, long replyTimeoutMs) {
    return dedupWindowMs - patienceMs - replyTimeoutMs - SAFETY_MS;
  }

  public RetryPolicy withMaxSpanMs(long span) {
    return new RetryPolicy(maxAttempts, baseDelayMs, maxDelayMs, span);
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

  /** ... by another that would start {@code sinceFirstMs} after the first attempt began? */
  public boolean mayRetry(int attempt, long sinceFirstMs) {
    return mayRetry(attempt) && sinceFirstMs <= maxSpanMs;
  }

  /** The wait before retry number {@code retry} (1 = the first retry). */
  public long delayMs(int retry, RandomGenerator random) {
    long ceiling = Math.min(maxDelayMs, baseDelayMs << Math.min(30, Math.max(0, retry - 1)));
    return ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
  }
}
