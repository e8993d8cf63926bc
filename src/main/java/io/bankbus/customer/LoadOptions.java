package io.bankbus.customer;

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
    check(customers >= 1 && customers <= 100_000, "customers must be between 1 and 100000, got " + customers);
    check(warmupSeconds >= 0 && warmupSeconds <= 3_600, "warm-up must be between 0 and 3600 s, got " + warmupSeconds);
    check(durationSeconds > 0 && durationSeconds <= 86_400, "duration must be between 0 and 86400 s, got " + durationSeconds);
    check(visits >= 0, "visits must be zero or more, got " + visits);
    check(ratePerSecond >= 0 && ratePerSecond <= 1_000_000, "rate must be between 0 and 1000000/s, got " + ratePerSecond);
    check(operationTimeoutMs >= 100, "operation timeout must be at least 100 ms, got " + operationTimeoutMs);
    check(patienceMs >= 100, "patience must be at least 100 ms, got " + patienceMs);
  }

  private static void check(boolean ok, String text) {
    if (!ok) {
      throw new IllegalArgumentException(text);
    }
  }

  public boolean openLoop() {
    return ratePerSecond > 0;
  }
}
