package io.bankbus.customer;

import io.bankbus.client.BankClient;
import io.bankbus.client.RetryPolicy;

import io.bankbus.protocol.BankModel;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * What every customer of a run shares: the model it visits, where it records what it saw, when to stop, and
 * how long it waits for a reply and in the queue, and how it retries.
 */
public record CustomerSetup(BankModel model, LoadRecorder recorder, BooleanSupplier stop, long operationTimeoutMs,
                            long patienceMs, RetryPolicy retry) {

  VisitRunner runner(Vertx vertx) {
    return new VisitRunner(vertx, new BankClient(vertx, model, operationTimeoutMs), recorder, patienceMs, retry);
  }

  boolean stopping() {
    return stop.getAsBoolean();
  }
}
