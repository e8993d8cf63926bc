package io.bankbus.report;

import io.vertx.core.json.JsonArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A histogram's percentile distribution from the median to 99.99 %, as HdrHistogram's own percentile output
 * lists it ({@link Histogram#percentiles}, {@value #TICKS_PER_HALF_DISTANCE} rows each time the distance to 100 %
 * halves): the tail gets as many points as the body, ready for a log scale of 1/(1-p). A tail the run has too
 * few visits to resolve simply ends earlier (with 1,000 visits, near 99.9 %).
 */
public final class PercentileSpectrum {
  /** HdrHistogram's default for outputPercentileDistribution. */
  static final int TICKS_PER_HALF_DISTANCE = 5;
  public static final double FROM = 50;
  public static final double TO = 99.99;

  private PercentileSpectrum() {
  }

  /** {@code [[percentile, ms], ...]} of a histogram recorded in microseconds; empty if it recorded nothing. */
  public static JsonArray ofMicros(Histogram h) {
    JsonArray points = new JsonArray();
    if (h.getTotalCount() == 0) {
      return points;
    }
    for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
      double p = v.getPercentileLevelIteratedTo();
      if (p >= FROM && p <= TO) {
        points.add(new JsonArray().add(Math.round(p * 10_000) / 10_000.0)
            .add(v.getValueIteratedTo() / 1000.0));
      }
    }
    return points;
  }
}
