package io.bankbus.cashier;

import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * How a cashier gets an operation done: the one seam between the queue-and-cashier machinery, which every
 * model shares, and the way a model keeps its balances.
 *
 * <p>The returned future fails with a {@link io.bankbus.protocol.BankException} or an event-bus
 * {@link io.vertx.core.eventbus.ReplyException} carrying a bank error code; the cashier relays it as is.
 */
public interface Teller {
  /**
   * @param op            a validated operation within the bank's rules
   * @param correlationId the visit id, for logs across nodes
   */
  Future<OperationResult> execute(Operation op, String correlationId);

  /**
   * Like {@link #execute(Operation, String)}, but the answer may come before the teller's own bookkeeping of
   * the operation is written; {@code recorded} completes when it is (whatever the outcome). The balance change
   * itself is always written before the answer. A cashier answers its customer at once and waits for
   * {@code recorded} before its next operation, so the bookkeeping overlaps the customer's round trip.
   */
  default Future<OperationResult> execute(Operation op, String correlationId, Promise<Void> recorded) {
    return execute(op, correlationId).andThen(done -> recorded.tryComplete());
  }
}
