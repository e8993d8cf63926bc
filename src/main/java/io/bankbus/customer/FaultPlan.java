package io.bankbus.customer;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A fault injected into the bank while a run is measured, and how long its throughput took to recover. */
final class FaultPlan {
  private static final Logger LOG = LoggerFactory.getLogger(FaultPlan.class);
  /** Whole seconds before the fault that are the baseline to come back to. */
  private static final int BASELINE_SECONDS = 5;
  /** Share of the baseline throughput that counts as recovered. */
  private static final double RECOVERED = 0.8;

  private final Vertx vertx;
  private final String model;
  private final LoadRecorder recorder;
  private final double atSeconds;
  private final String kind;
  private final LoadRun.Injection injection;
  private final List<LoadRun.Fault> faults = new CopyOnWriteArrayList<>();
  private volatile long faultNanos;

  FaultPlan(Vertx vertx, String model, LoadRecorder recorder, double atSeconds, String kind,
            LoadRun.Injection injection) {
    this.vertx = vertx;
    this.model = model;
    this.recorder = recorder;
    this.atSeconds = atSeconds;
    this.kind = kind;
    this.injection = injection;
  }

  /** Call when measuring begins: the fault comes {@code atSeconds} later. */
  void arm() {
    vertx.setTimer(Math.max(1, Math.round(atSeconds * 1000)), f -> inject());
  }

  List<LoadRun.Fault> faults() {
    return List.copyOf(faults);
  }

  /**
   * Seconds from the fault until throughput was back to {@value #RECOVERED} of what it was before; NaN if it was
   * not by {@code measuredUntilNanos}, or if no fault was injected.
   */
  double recoverySeconds(long measuredUntilNanos) {
    if (faults.isEmpty()) {
      return Double.NaN;
    }
    return Recovery.seconds(recorder::succeededInSecond, recorder.secondsOfRun(faultNanos),
        (long) Math.ceil(recorder.secondsOfRun(recorder.measuredSinceNanos())),
        (long) Math.floor(recorder.secondsOfRun(measuredUntilNanos)), BASELINE_SECONDS, RECOVERED)
        .orElse(Double.NaN);
  }

  private void inject() {
    long at = System.nanoTime();
    vertx.executeBlocking(injection::inject).onComplete(done -> {
      if (done.succeeded()) {
        faultNanos = at;
        faults.add(new LoadRun.Fault((at - recorder.measuredSinceNanos()) / 1e9, kind, done.result()));
        LOG.info("{}: {} {}", model, kind, done.result());
      } else {
        LOG.error("{}: could not {} a node: {}", model, kind, done.cause().getMessage());
      }
    });
  }
}
