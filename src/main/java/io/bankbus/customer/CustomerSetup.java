package io.bankbus.customer;

import io.bankbus.protocol.BankModel;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * What every customer of a run shares: the model it visits, where it records what it saw, when to stop, and
 * how long it waits for a reply and in the queue.
 */
public record CustomerSetup(BankModel model, LoadRecorder recorder, BooleanSupplier stop, long operationTimeoutMs,
                            long patienceMs) {

  VisitRunner runner(Vertx vertx) {
    return new VisitRunner(new BankClient(vertx, model, operationTimeoutMs), recorder, patienceMs);
  }

  boolean stopping() {
    return stop.getAsBoolean();
  }
}
