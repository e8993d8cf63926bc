package io.bankbus.customer;

import io.bankbus.protocol.BankModel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.function.BooleanSupplier;

/**
 * A closed-loop customer: visits the bank, and as soon as one visit ends starts the next, until told to stop.
 * {@link #finished()} completes when its last visit has ended.
 */
public final class CustomerVerticle extends VerticleBase {
  private final BankModel model;
  private final WorkloadGenerator visits;
  private final LoadRecorder recorder;
  private final BooleanSupplier stop;
  private final String name;
  private final long operationTimeoutMs;
  private final long patienceMs;
  private final Promise<Void> finished = Promise.promise();
  private VisitRunner runner;

  public CustomerVerticle(BankModel model, String name, WorkloadGenerator visits, LoadRecorder recorder,
                          BooleanSupplier stop, long operationTimeoutMs, long patienceMs) {
    this.model = model;
    this.name = name;
    this.visits = visits;
    this.recorder = recorder;
    this.stop = stop;
    this.operationTimeoutMs = operationTimeoutMs;
    this.patienceMs = patienceMs;
  }

  @Override
  public Future<?> start() {
    runner = new VisitRunner(new BankClient(vertx, model, operationTimeoutMs), recorder, patienceMs);
    context.runOnContext(v -> next());
    return Future.succeededFuture();
  }

  private void next() {
    if (stop.getAsBoolean()) {
      finished.tryComplete();
      return;
    }
    runner.run(name, visits.nextVisit(), System.nanoTime()).onComplete(v -> next());
  }

  /** Completes when the customer has stopped and its last visit has ended. */
  public Future<Void> finished() {
    return finished.future();
  }
}
