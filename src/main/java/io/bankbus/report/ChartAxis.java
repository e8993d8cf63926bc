package io.bankbus.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link LineChart}'s x axis: its span in data units, linear or log10, its ticks, and where a value falls. */
final class ChartAxis {
  final double lo;
  final double hi;
  final boolean log;
  final List<LineChart.Tick> ticks;

  private ChartAxis(double lo, double hi, boolean log, List<LineChart.Tick> ticks) {
    this.lo = lo;
    this.hi = hi;
    this.log = log;
    this.ticks = ticks;
  }

  /** Where {@code v} falls between the axis's ends: 0 at the low end, 1 at the high one. */
  double position(double v) {
    return (scale(v) - scale(lo)) / (scale(hi) - scale(lo));
  }

  private double scale(double v) {
    return log ? Math.log10(v) : v;
  }

  /**
   * An axis over {@code values} (already stripped of what the scale cannot show) and {@code fixedTicks}; with no
   * fixed ticks, evenly spaced round numbers, or powers of ten on a log scale.
   */
  static ChartAxis over(List<Double> values, boolean log, List<LineChart.Tick> fixedTicks) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (fixedTicks != null) {
      for (LineChart.Tick t : fixedTicks) {
        lo = Math.min(lo, t.at());
        hi = Math.max(hi, t.at());
      }
    }
    if (lo > hi) {                                     // nothing to show: an empty axis still draws
      lo = log ? 1 : 0;
      hi = log ? 10 : 1;
    }
    if (lo == hi) {
      lo = log ? lo / 2 : lo - 1;
      hi = log ? hi * 2 : hi + 1;
    }
    if (fixedTicks != null) {
      return new ChartAxis(lo, hi, log, fixedTicks);
    }
    List<LineChart.Tick> ticks = new ArrayList<>();
    if (log) {
      for (double v = Math.pow(10, Math.ceil(Math.log10(lo))); v <= hi * 1.0001; v *= 10) {
        ticks.add(new LineChart.Tick(v, number(v)));
      }
    } else {
      double step = niceStep(hi - lo);
      for (double v = Math.ceil(lo / step) * step; v <= hi + step / 1000; v += step) {
        ticks.add(new LineChart.Tick(v, number(v)));
      }
    }
    return new ChartAxis(lo, hi, log, ticks);
  }

  /** A step of 1, 2 or 5 times a power of ten that cuts {@code range} into about five. */
  static double niceStep(double range) {
    double raw = range / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / magnitude;
    return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
  }

  /** A short label: no decimals for whole numbers, at most three significant ones otherwise. */
  static String number(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9 * Math.max(1, Math.abs(v))) {
      return String.format(Locale.ROOT, "%d", Math.round(v));
    }
    String text = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.3g", v);
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }
}
