package io.bankbus.messagepassing;

import io.bankbus.cashier.Teller;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Headers;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.protocol.WireBody;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message-passing teller: sends each operation to the owner of its account's shard and lets the owner
 * apply it. A transfer between accounts of two shards is a saga of idempotent legs, each with an id derived
 * from the transfer's: {@code <id>/debit} at the source, then {@code <id>/credit} at the destination, and
 * {@code <id>/refund} back to the source if the destination refuses the credit. An interrupted transfer is
 * finished by retrying it with the same id: legs already applied replay, the rest run. At rest, money is
 * conserved; while a transfer is between its legs the amount is in flight, held by nobody.
 *
 * <p>A customer may give up before the destination is back (its owner's node died and the shard is being
 * adopted), or before the answer to the debit comes back (the network was cut between this cashier and the
 * source's owner): then nobody would retry, and the debit would stay applied with no credit. So a teller whose
 * debit was applied, and whose credit (or refund) then failed for a reason that may pass, goes on sending that
 * leg by itself after answering, with backoff; and one whose debit got no answer sends the debit again the same
 * way, to learn whether it was applied (then it credits) or not (then nothing is owed). A leg is sent again only
 * while its id is sure to be remembered: a shard owner says in each answer when it first applied the operation
 * ({@value LedgerShardVerticle#APPLIED_AT_MS}), and a credit or refund, if applied at all, was applied after its
 * debit, so the ledger remembers its id at least a dedup window from then. A debit with no answer is sent again
 * for half a window from this attempt: an earlier attempt of the same transfer (the customer's, seconds before)
 * applied it at most that long before. Each last attempt starts a reply timeout and
 * {@link BankRules#DEDUP_SAFETY_MS} before the window closes. At most {@value #MAX_FINISHING} transfers are being
 * finished at once. The finishing runs on the cashier's timers: a node that leaves or dies takes it along, and
 * then only the customer's retry finishes the transfer.
 */
public final class ShardedTeller implements Teller {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedTeller.class);
  static final int MAX_FINISHING = 10_000;
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 2_000;
  /**
   * The first attempt's wait (later ones wait longer, {@link OwnerRequests}): an owner answers in milliseconds, and
   * a send the event bus still routes to a dead node fails only by this timeout, so after a kill it is what a
   * customer waits before its operation reaches the new owner (docs/benchmarks.md has chaos runs with 1 s).
   */
  static final long ATTEMPT_TIMEOUT_MS = 400;

  private final Vertx vertx;
  private final ShardMap shards;
  private final long timeoutMs;
  private final long dedupWindowMs;
  /** The transfers being finished, by id: a customer's retries of one transfer start one finisher, not one each. */
  private final Set<String> finishing = ConcurrentHashMap.newKeySet();
  private final OwnerRequests requests;

  /**
   * @param timeoutMs     how long to wait for a shard owner's answer
   * @param dedupWindowMs how long the ledger remembers an operation id (the bank rule)
   */
  public ShardedTeller(Vertx vertx, ShardMap shards, long timeoutMs, long dedupWindowMs) {
    this.vertx = vertx;
    this.shards = shards;
    this.timeoutMs = timeoutMs;
    this.dedupWindowMs = dedupWindowMs;
    this.requests = new OwnerRequests(vertx);
    LedgerCodecs.registerOn(vertx);
  }

  /** Transfers whose credit or refund this teller is still sending after answering its customer. */
  public int finishing() {
    return finishing.size();
  }

  @Override
  public Future<OperationResult> execute(Operation op, String correlationId) {
    if (op.type() != OpType.TRANSFER || shards.shardOf(op.account()) == shards.shardOf(op.to())) {
      return send(op, correlationId).map(Leg::result);
    }
    Operation debit = op.leg(OpType.DEBIT, op.account(), op.to(), "debit");
    long sentAt = System.currentTimeMillis();
    return send(debit, correlationId).transform(debited -> {
      if (debited.succeeded()) {
        return afterDebit(op, debited.result(), correlationId);
      }
      if (BankError.of(debited.cause()).retryable()) {
        // Applied or not, nobody knows: its answer may be what was lost (a cut network, an owner gone before it
        // answered). If it was, and the customer gives up, the money would stay in flight: find out, and finish.
        finishLater(op, debit, sentAt + dedupWindowMs / 2 - timeoutMs - BankRules.DEDUP_SAFETY_MS, correlationId, 0);
      }
      return Future.failedFuture(debited.cause());
    });
  }

  /** The debit is applied: credit the destination, or refund the source if the destination refuses for good. */
  private Future<OperationResult> afterDebit(Operation op, Leg debited, String correlationId) {
    Operation credit = creditLeg(op);
    long lastStart = lastStart(debited);
    return send(credit, correlationId)
        .map(credited -> OperationResult.of(op, debited.result().balance(), credited.result().balance(),
            debited.result().replayed() && credited.result().replayed()))
        .recover(failure -> {
          if (BankError.of(failure).retryable()) {
            finishLater(op, credit, lastStart, correlationId, 0);
            return Future.failedFuture(failure);
          }
          return refund(op, correlationId).transform(refunded -> {
            if (refunded.succeeded()) {
              return Future.failedFuture(failure);
            }
            finishLater(op, refundLeg(op), lastStart, correlationId, 0);
            return Future.failedFuture(BankError.UNAVAILABLE.exception("transfer '" + op.opId() + "' was refused by"
                + " the destination and its refund is not confirmed; retry with the same operation id to complete"
                + " the refund"));
          });
        });
  }

  /**
   * The last moment a leg after {@code debited} may be sent again: the credit or refund, if applied at all, was
   * applied after the debit, so its id is remembered at least until the debit's first application plus the
   * window. {@code Long.MIN_VALUE} if the owner did not say when that was.
   */
  private long lastStart(Leg debited) {
    return debited.appliedAtMs() <= 0 ? Long.MIN_VALUE
        : debited.appliedAtMs() + dedupWindowMs - timeoutMs - BankRules.DEDUP_SAFETY_MS;
  }

  /** The destination refused the credit for good (unknown account, would overflow): give the money back. */
  private Future<Leg> refund(Operation op, String correlationId) {
    Operation refund = refundLeg(op);
    return send(refund, correlationId).onFailure(failure -> LOG.warn("[{}] refund {} not confirmed: {}",
        correlationId, refund.opId(), failure.getMessage()));
  }

  private static Operation creditLeg(Operation op) {
    return op.leg(OpType.CREDIT, op.to(), op.account(), "credit");
  }

  private static Operation refundLeg(Operation op) {
    return op.leg(OpType.CREDIT, op.account(), op.to(), "refund");
  }

  /**
   * Sends {@code leg} of transfer {@code op} again after a backoff, until it is applied, refused for good (a
   * refused credit is refunded the same way), or {@code lastStart} (epoch ms) has passed.
   */
  private void finishLater(Operation op, Operation leg, long lastStart, String correlationId, int attempt) {
    if (attempt == 0) {
      if (finishing.size() >= MAX_FINISHING) {
        LOG.warn("[{}] {} transfers are being finished already: {} is left to its customer's retry", correlationId,
            MAX_FINISHING, leg.opId());
        return;
      }
      if (!finishing.add(op.opId())) {
        return;                                    // an earlier attempt of the same transfer is finishing it
      }
    }
    long delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt, 10));
    if (System.currentTimeMillis() + delay > lastStart) {
      finishing.remove(op.opId());
      LOG.warn("[{}] gave up finishing transfer {}: {} not applied before its id could be forgotten; a retry with"
          + " the same operation id finishes it", correlationId, op.opId(), leg.opId());
      return;
    }
    vertx.setTimer(delay, t -> send(leg, correlationId).onComplete(sent -> {
      boolean debit = leg.type() == OpType.DEBIT;
      if (sent.succeeded() && debit) {
        Leg debited = sent.result();
        LOG.info("[{}] transfer {}: its debit, unanswered before, is applied; crediting", correlationId, op.opId());
        finishLater(op, creditLeg(op), lastStart(debited), correlationId, attempt + 1);
      } else if (sent.succeeded()) {
        finishing.remove(op.opId());
        LOG.info("[{}] finished transfer {} after its customer was answered: {} applied", correlationId, op.opId(),
            leg.opId());
      } else if (BankError.of(sent.cause()).retryable()) {
        LOG.debug("[{}] finishing transfer {}: {} failed again: {}", correlationId, op.opId(), leg.opId(),
            sent.cause().getMessage());
        finishLater(op, leg, lastStart, correlationId, attempt + 1);
      } else if (debit) {
        finishing.remove(op.opId());
        LOG.info("[{}] transfer {}: its debit, unanswered before, is refused ({}): nothing was applied",
            correlationId, op.opId(), sent.cause().getMessage());
      } else if (leg.equals(creditLeg(op))) {
        finishLater(op, refundLeg(op), lastStart, correlationId, attempt + 1);
      } else {
        finishing.remove(op.opId());
        LOG.error("[{}] refund {} refused: {}", correlationId, leg.opId(), sent.cause().getMessage());
      }
    }));
  }

  /**
   * Sends {@code op} to its shard's owner and waits up to the request timeout for the answer. An owner that died
   * with the request never answers, and its shard is owned elsewhere within a second or so: so an attempt that
   * is not answered within its wait ({@link #ATTEMPT_TIMEOUT_MS} first), or that finds no owner registered yet,
   * is sent again (same operation id: applied once) until the timeout. A cashier learns the new owner without
   * waiting it out.
   */
  private Future<Leg> send(Operation op, String correlationId) {
    DeliveryOptions options = new DeliveryOptions();
    if (correlationId != null) {
      options.addHeader(Headers.CORRELATION_ID, correlationId);
    }
    return requests.request(Addresses.ledgerShard(shards.shardOf(op.account())), op, options, ATTEMPT_TIMEOUT_MS,
        System.currentTimeMillis() + timeoutMs).compose(reply -> answer(reply.body()));
  }

  /** An owner's answer: the result, and when the operation was first applied (epoch ms; 0 if not said). */
  private record Leg(OperationResult result, long appliedAtMs) {
  }

  /** An owner's answer, in the ledger's binary form ({@link LedgerCodecs}). */
  private static Future<Leg> answer(Object body) {
    if (body instanceof LedgerCodecs.ShardAnswer answer) {
      return Future.succeededFuture(new Leg(answer.result(), answer.appliedAtMs()));
    }
    return Future.failedFuture(BankError.INVALID_MESSAGE.exception("a shard owner's answer could not be read: "
        + (body instanceof WireBody.Malformed m ? m.problem() : String.valueOf(body))));
  }

}
