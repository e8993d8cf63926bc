package io.bankbus.customer;

import java.util.OptionalDouble;
import java.util.function.LongUnaryOperator;

/**
 * How long throughput took to come back after a fault: from the fault until the first two-second stretch
 * whose throughput is at least {@code share} of the throughput over the (up to) {@code baselineSeconds} whole
 * seconds before it. Counted in whole seconds of the run, so the answer is good to about a second; empty
 * if the run ended first (or there was no baseline to come back to).
 */
public final class Recovery {
  private Recovery() {
  }

  /**
   * @param perSecond     operations that succeeded in second {@code n} of the run
   * @param faultAt       when the fault happened, in (fractional) seconds of the run
   * @param firstSecond   the first whole second that may serve as baseline (the measured phase's)
   * @param endSecond     the first second past the measured phase
   */
  public static OptionalDouble seconds(LongUnaryOperator perSecond, double faultAt, long firstSecond, long endSecond,
                                       int baselineSeconds, double share) {
    return secondsAfter(perSecond, faultAt, faultAt, firstSecond, endSecond, baselineSeconds, share);
  }

  /**
   * The same for a fault that lasted: the baseline is taken before {@code faultAt} (a network cut), the time is
   * counted from {@code endedAt} (its heal), as the first two-second stretch after it back at {@code share}.
   */
  public static OptionalDouble secondsAfter(LongUnaryOperator perSecond, double faultAt, double endedAt,
                                            long firstSecond, long endSecond, int baselineSeconds, double share) {
    long faultSecond = (long) Math.floor(faultAt);
    long from = Math.max(firstSecond, faultSecond - baselineSeconds);
    if (from >= faultSecond) {
      return OptionalDouble.empty();
    }
    double baseline = 0;
    for (long s = from; s < faultSecond; s++) {
      baseline += perSecond.applyAsLong(s);
    }
    baseline /= faultSecond - from;
    if (baseline <= 0) {
      return OptionalDouble.empty();
    }
    for (long s = (long) Math.floor(endedAt) + 1; s + 1 < endSecond; s++) {
      double stretch = (perSecond.applyAsLong(s) + perSecond.applyAsLong(s + 1)) / 2.0;
      if (stretch >= share * baseline) {
        return OptionalDouble.of(Math.max(0, s - endedAt));
      }
    }
    return OptionalDouble.empty();
  }
}
