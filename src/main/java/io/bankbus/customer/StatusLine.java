package io.bankbus.customer;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** A run's status, once a second: phase, visits, answered operations per second, customers waiting, errors. */
final class StatusLine {
  private final String model;
  private final LoadRecorder recorder;
  private final BooleanSupplier stopping;
  private final Consumer<String> status;
  private final long start = System.nanoTime();
  private long lastAnswered;

  StatusLine(String model, LoadRecorder recorder, BooleanSupplier stopping, Consumer<String> status) {
    this.model = model;
    this.recorder = recorder;
    this.stopping = stopping;
    this.status = status;
  }

  /** A periodic timer's handler. */
  void print(long timer) {
    long answered = recorder.answeredEver();
    String phase = stopping.getAsBoolean() ? "draining" : recorder.measuring() ? "measuring" : "warming up";
    status.accept(String.format("%-21s %-10s %6.1fs  visits %8d  ops/s %8d  waiting %5d  errors %d",
        model, phase, (System.nanoTime() - start) / 1e9, recorder.visitsEver(), answered - lastAnswered,
        recorder.waiting(), recorder.failedEver()));
    lastAnswered = answered;
  }
}
