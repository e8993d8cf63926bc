package io.bankbus.messagepassing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Requests to a ledger shard's owner that outlive the owner changing hands: each attempt waits a bounded time,
 * and one that finds no owner or gets no answer is sent again until the caller's deadline.
 *
 * <p>Why: a message the event bus routes to a node that has just unregistered the consumer (an owner handing its
 * shard over, or stepping aside after a partition) is dropped there without a reply: Vert.x 5.0.7 answers "no
 * handlers" only to a sender in the same process. The sender would wait out its whole timeout for an answer that
 * never comes. Measured: the audit's snapshot of a shard handed over as it asked waited 30 s and failed the run
 * (HostsScriptIT, after a partition healed). So only what may be sent twice goes through here: operations with
 * their id (applied once) and snapshots (reads).
 */
final class OwnerRequests {
  /** The first pause before asking again when no owner is registered (its shard is being taken over); doubles to 8x. */
  private static final long RESEND_PAUSE_MS = 50;
  /** Attempts that wait only the first wait: together they span the time a takeover takes (about a second). */
  private static final int SHORT_ATTEMPTS = 3;
  /** How many times the first wait a later attempt waits at most: 2x, then 4x. */
  private static final int MAX_ATTEMPT_GROWTH = 4;

  private final Vertx vertx;
  private final RegistrationNudge nudge;

  OwnerRequests(Vertx vertx) {
    this.vertx = vertx;
    this.nudge = new RegistrationNudge(vertx);
  }

  /**
   * Sends {@code body} to {@code address}, waiting at most {@code attemptMs} for each of the first
   * {@value #SHORT_ATTEMPTS} attempts' answers, and sends it again while unanswered (timeout, no consumer) until
   * {@code deadlineMs} (epoch ms); later attempts wait twice as long, then {@value #MAX_ATTEMPT_GROWTH} times. Short
   * waits find a new owner soon after a takeover (a send may still be routed to a killed node for about a
   * second); the longer ones let an owner that is only slow answer. From the second
   * unanswered attempt on, every node is asked to look again at who is registered ({@link RegistrationNudge}).
   * An answer, a refusal included, ends it: whether to retry a refusal is the caller's business.
   */
  <T> Future<Message<T>> request(String address, Object body, DeliveryOptions options, long attemptMs,
                                 long deadlineMs) {
    return attempt(address, body, options, attemptMs, deadlineMs, 0);
  }

  private <T> Future<Message<T>> attempt(String address, Object body, DeliveryOptions options, long attemptMs,
                                         long deadlineMs, int tried) {
    long left = deadlineMs - System.currentTimeMillis();
    long wait = attemptMs * Math.min(1L << Math.min(Math.max(0, tried - SHORT_ATTEMPTS + 1), 30),
        MAX_ATTEMPT_GROWTH);
    DeliveryOptions each = new DeliveryOptions(options).setSendTimeout(Math.max(1, Math.min(left, wait)));
    return vertx.eventBus().<T>request(address, body, each).recover(failure -> {
      boolean noHandler = failure instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
      boolean unanswered = noHandler
          || failure instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT;
      long pause = noHandler ? RESEND_PAUSE_MS << Math.min(tried, 3) : 0;
      if (unanswered && tried >= 1) {
        // No owner, or one that never answers: this node's view of who owns the shard may be stale.
        nudge.nudge(address);
      }
      if (!unanswered || System.currentTimeMillis() + pause >= deadlineMs) {
        return Future.failedFuture(failure);
      }
      Promise<Message<T>> again = Promise.promise();
      vertx.setTimer(Math.max(1, pause),
          t -> this.<T>attempt(address, body, options, attemptMs, deadlineMs, tried + 1).onComplete(again));
      return again.future();
    });
  }
}
