package io.bankbus.customer;

import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.List;

/**
 * Open loop: customers arrive at a fixed rate whether or not the bank keeps up. Each arrival has an intended
 * time, {@code start + i / rate}; its latency is counted from then, so when the bank stalls the customers who
 * should have arrived meanwhile are charged the stall (coordinated omission corrected). At most
 * {@code maxInFlight} visits run at once; an arrival beyond that is counted as failed (never sent), not silently skipped.
 */
public final class ArrivalsVerticle extends VerticleBase {
  private static final long TICK_MS = 5;

  private final CustomerSetup setup;
  private final double ratePerSecond;
  private final int maxInFlight;
  private final List<WorkloadGenerator> generators;
  private final Promise<Void> finished = Promise.promise();
  private VisitRunner runner;
  private long startNanos;
  private long arrived;
  private int inFlight;
  private long timer;

  public ArrivalsVerticle(CustomerSetup setup, double ratePerSecond, int maxInFlight,
                          List<WorkloadGenerator> generators) {
    this.setup = setup;
    this.ratePerSecond = ratePerSecond;
    this.maxInFlight = maxInFlight;
    this.generators = generators;
  }

  @Override
  public Future<?> start() {
    runner = setup.runner(vertx);
    startNanos = System.nanoTime();
    timer = vertx.setPeriodic(TICK_MS, id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    if (setup.stopping()) {
      vertx.cancelTimer(timer);
      finishIfDrained();
      return;
    }
    long due = (long) ((System.nanoTime() - startNanos) / 1e9 * ratePerSecond);
    for (; arrived < due; arrived++) {
      long intended = startNanos + (long) (arrived * 1e9 / ratePerSecond);
      WorkloadGenerator visits = generators.get((int) (arrived % generators.size()));
      List<Operation> ops = visits.nextVisit();
      if (inFlight >= maxInFlight) {
        ops.forEach(op -> setup.recorder().notSent(op));
        continue;
      }
      inFlight++;
      runner.run("arrival-" + arrived, ops, intended).onComplete(v -> {
        inFlight--;
        if (setup.stopping()) {
          finishIfDrained();
        }
      });
    }
  }

  private void finishIfDrained() {
    if (inFlight == 0) {
      finished.tryComplete();
    }
  }

  public Future<Void> finished() {
    return finished.future();
  }
}
