package io.bankbus.customer;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A closed-loop customer: visits the bank, and as soon as one visit ends starts the next, until told to stop.
 * {@link #finished()} completes when its last visit has ended.
 */
public final class CustomerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CustomerVerticle.class);
  private final CustomerSetup setup;
  private final String name;
  private final WorkloadGenerator visits;
  private final Promise<Void> finished = Promise.promise();
  private VisitRunner runner;

  public CustomerVerticle(CustomerSetup setup, String name, WorkloadGenerator visits) {
    this.setup = setup;
    this.name = name;
    this.visits = visits;
  }

  @Override
  public Future<?> start() {
    runner = setup.runner(vertx);
    context.runOnContext(v -> next());
    return Future.succeededFuture();
  }

  private void next() {
    if (setup.stopping()) {
      finished.tryComplete();
      return;
    }
    Future<Void> visit;
    try {
      visit = runner.run(name, visits.nextVisit(), System.nanoTime());
    } catch (RuntimeException bug) {                 // never a customer that silently stops for good
      LOG.error("customer {}: a visit failed to start", name, bug);
      visit = Future.failedFuture(bug);
    }
    visit.onComplete(v -> context.runOnContext(x -> next()));
  }

  /** Completes when the customer has stopped and its last visit has ended. */
  public Future<Void> finished() {
    return finished.future();
  }
}
