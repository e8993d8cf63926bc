package io.bankbus.customer;

import io.bankbus.rules.Checks;
import io.bankbus.client.RetryPolicy;

/**
 * How one load run drives the bank.
 *
 * @param customers          closed loop: customers visiting back to back; open loop: most visits in flight
 * @param warmupSeconds      seconds of load before measuring starts (JIT, connections)
 * @param durationSeconds    measured seconds (ignored when {@code visits} is set)
 * @param visits             measured visits to run instead of a duration; 0 means use the duration
 * @param ratePerSecond      open loop: customer arrivals per second; 0 means closed loop
 * @param workload           what the customers do
 * @param operationTimeoutMs a customer's wait for one reply
 * @param patienceMs         a customer's longest wait in the queue
 * @param retry              how a customer retries a failed operation
 */
public record LoadOptions(int customers, double warmupSeconds, double durationSeconds, long visits,
                          double ratePerSecond, Workload workload, long operationTimeoutMs, long patienceMs,
                          RetryPolicy retry) {

  /** With the {@linkplain RetryPolicy#DEFAULT default retries}. */
  public LoadOptions(int customers, double warmupSeconds, double durationSeconds, long visits, double ratePerSecond,
                     Workload workload, long operationTimeoutMs, long patienceMs) {
    this(customers, warmupSeconds, durationSeconds, visits, ratePerSecond, workload, operationTimeoutMs, patienceMs,
        RetryPolicy.DEFAULT);
  }

  public LoadOptions {
    Checks.range("customers", customers, 1, 100_000);
    Checks.require(warmupSeconds >= 0 && warmupSeconds <= 3_600, "warm-up must be between 0 and 3600 s, got " + warmupSeconds);
    Checks.require(durationSeconds > 0 && durationSeconds <= 86_400, "duration must be between 0 and 86400 s, got " + durationSeconds);
    Checks.require(visits >= 0, "visits must be zero or more, got " + visits);
    Checks.require(ratePerSecond >= 0 && ratePerSecond <= 1_000_000, "rate must be between 0 and 1000000/s, got " + ratePerSecond);
    Checks.require(operationTimeoutMs >= 100, "operation timeout must be at least 100 ms, got " + operationTimeoutMs);
    Checks.require(patienceMs >= 100, "patience must be at least 100 ms, got " + patienceMs);
  }

  /**
   * The longest retry span of customers with this patience and reply timeout that is safe against a bank that
   * remembers operation ids for {@code dedupWindowMs}; refused if the window is too short for them.
   */
  public static long retrySpanWithin(long dedupWindowMs, long patienceMs, long operationTimeoutMs) {
    long span = RetryPolicy.spanWithin(dedupWindowMs, patienceMs, operationTimeoutMs);
    long neededSeconds = (patienceMs + operationTimeoutMs + RetryPolicy.SAFETY_MS + 999) / 1000;
    Checks.require(span >= 0, "the bank's dedup window (" + dedupWindowMs / 1000 + " s) is too short for customers"
        + " with " + patienceMs + " ms of patience and a " + operationTimeoutMs + " ms reply timeout: a retry could"
        + " be applied after the bank forgot the first attempt; it needs at least " + neededSeconds
        + " s, or less patience");
    return span;
  }

  public boolean openLoop() {
    return ratePerSecond > 0;
  }
}
