package io.bankbus.cashier;

import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;

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
}
