package io.bankbus.ledger;

import io.bankbus.cashier.Teller;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Headers;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message-passing teller: sends each operation to the owner of its account's shard and lets the owner
 * apply it. A transfer between accounts of two shards is a saga of idempotent legs, each with an id derived
 * from the transfer's: {@code <id>/debit} at the source, then {@code <id>/credit} at the destination, and
 * {@code <id>/refund} back to the source if the destination refuses the credit. An interrupted transfer is
 * finished by retrying it with the same id: legs already applied replay, the rest run. At rest, money is
 * conserved; while a transfer is between its legs the amount is in flight, held by nobody.
 */
public final class ShardedTeller implements Teller {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedTeller.class);

  private final Vertx vertx;
  private final ShardMap shards;
  private final long timeoutMs;

  public ShardedTeller(Vertx vertx, ShardMap shards, long timeoutMs) {
    this.vertx = vertx;
    this.shards = shards;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<OperationResult> execute(Operation op, String correlationId) {
    if (op.type() != OpType.TRANSFER || shards.shardOf(op.account()) == shards.shardOf(op.to())) {
      return send(op, correlationId);
    }
    Operation debit = op.leg(OpType.DEBIT, op.account(), op.to(), "debit");
    Operation credit = op.leg(OpType.CREDIT, op.to(), op.account(), "credit");
    return send(debit, correlationId).compose(debited -> send(credit, correlationId)
        .map(credited -> new OperationResult(op.type().wire(), op.opId(), op.account(), debited.balance(),
            op.to(), credited.balance(), debited.replayed() && credited.replayed()))
        .recover(failure -> BankError.of(failure).retryable()
            ? Future.failedFuture(failure)
            : refund(op, correlationId).transform(refunded -> Future.failedFuture(refunded.succeeded() ? failure
                : BankError.UNAVAILABLE.exception("transfer '" + op.opId() + "' was refused by the destination and"
                    + " its refund is not confirmed; retry with the same operation id to complete the refund")))));
  }

  /** The destination refused the credit for good (unknown account, would overflow): give the money back. */
  private Future<OperationResult> refund(Operation op, String correlationId) {
    Operation refund = op.leg(OpType.CREDIT, op.account(), op.to(), "refund");
    return send(refund, correlationId).onFailure(failure -> LOG.warn("[{}] refund {} not confirmed: {}",
        correlationId, refund.opId(), failure.getMessage()));
  }

  private Future<OperationResult> send(Operation op, String correlationId) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    if (correlationId != null) {
      options.addHeader(Headers.CORRELATION_ID, correlationId);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.ledgerShard(shards.shardOf(op.account())), op.toJson(),
        options).map(reply -> OperationResult.fromJson(reply.body()));
  }
}
