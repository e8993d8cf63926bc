package io.bankbus.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart for the offline pages (report.html, sweep.html): y linear from 0, x linear or log10,
 * axis labels and ticks, a legend, one {@code <g data-series="NAME">} per series holding its {@code <path>} (and a
 * dot per point when there are few), and markers: a dashed vertical line at an x (a fault) or a ring on a
 * series' line (a recovery). The output is plain SVG: no script, no style sheet, nothing from elsewhere.
 */
public final class LineChart {
  static final String[] COLOURS = {"#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2"};
  private static final int LEFT = 64;
  private static final int RIGHT = 34;
  private static final int TOP = 30;
  private static final int BOTTOM = 44;
  /** Up to this many points a series also gets a dot per point (a sweep's few values). */
  private static final int DOTS_UP_TO = 24;

  /** A labelled tick on the x axis, at {@code at} in data units. */
  public record Tick(double at, String label) {
  }

  private record Series(String name, double[] xs, double[] ys) {
  }

  private record Marker(double x, String label, String series, boolean vertical) {
  }

  private final String id;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<Marker> markers = new ArrayList<>();
  private List<Tick> xTicks;
  private double[] xSpan = {};
  private boolean logX;
  private int width = 640;
  private int height = 280;

  /** @param id the chart's {@code data-chart} attribute, for whoever reads the page (tests, scripts) */
  public LineChart(String id, String xLabel, String yLabel) {
    this.id = id;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** x on a log10 scale (points with x &lt;= 0 are left out). */
  public LineChart logX() {
    this.logX = true;
    return this;
  }

  /** These ticks on the x axis instead of evenly spaced numbers; the axis spans them and the data. */
  public LineChart xTicks(List<Tick> ticks) {
    this.xTicks = List.copyOf(ticks);
    return this;
  }

  /** The x axis spans at least {@code lo .. hi} (room for the labels of categories at its ends). */
  public LineChart xSpan(double lo, double hi) {
    this.xSpan = new double[] {lo, hi};
    return this;
  }

  public LineChart size(int width, int height) {
    this.width = width;
    this.height = height;
    return this;
  }

  /** A line through ({@code xs[i]}, {@code ys[i]}) in the order given; coloured by its place among the series. */
  public LineChart series(String name, double[] xs, double[] ys) {
    if (xs.length != ys.length) {
      throw new IllegalArgumentException(name + ": " + xs.length + " x values for " + ys.length + " y values");
    }
    series.add(new Series(name, xs.clone(), ys.clone()));
    return this;
  }

  /** A dashed vertical line at {@code x} in the colour of {@code seriesName}, labelled at its top. */
  public LineChart verticalMarker(double x, String label, String seriesName) {
    markers.add(new Marker(x, label, seriesName, true));
    return this;
  }

  /** A ring on {@code seriesName}'s line at {@code x} (its y read off the line), labelled beside it. */
  public LineChart pointMarker(double x, String label, String seriesName) {
    markers.add(new Marker(x, label, seriesName, false));
    return this;
  }

  public String svg() {
    ChartAxis x = xAxis();
    double yMax = 0;
    for (Series s : series) {
      for (int i = 0; i < s.ys.length; i++) {
        if (usable(s.xs[i])) {
          yMax = Math.max(yMax, s.ys[i]);
        }
      }
    }
    double yStep = ChartAxis.niceStep(yMax > 0 ? yMax : 1);
    double yTop = Math.max(yStep, Math.ceil(yMax / yStep) * yStep);
    int plotW = width - LEFT - RIGHT;
    int plotH = height - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " style=\"max-width:100%%;height:auto\" role=\"img\" aria-label=\"%s\">%n",
        esc(id), width, height, width, height, esc(yLabel + " by " + xLabel)));
    // Axes, grid lines and ticks.
    svg.append(String.format(Locale.ROOT, "<g class=\"axes\" stroke=\"#999\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>%n", LEFT, TOP, LEFT, TOP + plotH, LEFT, TOP + plotH,
        LEFT + plotW, TOP + plotH));
    for (double v = 0; v <= yTop + yStep / 1000; v += yStep) {
      double py = TOP + plotH - v / yTop * plotH;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, py, LEFT + plotW, py, LEFT - 4, py + 4,
          ChartAxis.number(v)));
    }
    for (Tick t : x.ticks) {
      double px = LEFT + x.position(t.at()) * plotW;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP + plotH, px, TOP + plotH + 5, px,
          TOP + plotH + 18, esc(t.label())));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
        LEFT + plotW / 2, height - 6, esc(xLabel)));
    svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">"
        + "%s</text>%n", TOP + plotH / 2, TOP + plotH / 2, esc(yLabel)));
    // One group per series, then the legend along the top.
    int legendX = LEFT;
    for (int s = 0; s < series.size(); s++) {
      Series one = series.get(s);
      String colour = COLOURS[s % COLOURS.length];
      svg.append(String.format(Locale.ROOT, "<g data-series=\"%s\" fill=\"%s\" stroke=\"%s\">", esc(one.name), colour,
          colour));
      StringBuilder d = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      int drawn = 0;
      for (int i = 0; i < one.xs.length; i++) {
        if (!usable(one.xs[i])) {
          continue;
        }
        double px = LEFT + x.position(one.xs[i]) * plotW;
        double py = TOP + plotH - one.ys[i] / yTop * plotH;
        d.append(drawn++ == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
        dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%s: %s, %s</title></circle>",
            px, py, esc(one.name), ChartAxis.number(one.xs[i]), ChartAxis.number(one.ys[i])));
      }
      if (drawn > 0) {
        svg.append("<path fill=\"none\" stroke-width=\"2\" d=\"").append(d).append("\"/>");
      }
      if (drawn <= DOTS_UP_TO) {
        svg.append(dots);
      }
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"6\" width=\"10\" height=\"10\" stroke=\"none\"/></g>"
          + "<text x=\"%d\" y=\"15\">%s%s</text>%n", legendX, legendX + 14, esc(one.name), drawn == 0 ? " (no data)" : ""));
      legendX += 14 + 7 * one.name.length() + 28;
    }
    int labelRow = 0;
    for (Marker m : markers) {
      int s = indexOf(m.series);
      String colour = s < 0 ? "#555" : COLOURS[s % COLOURS.length];
      if (!usable(m.x)) {
        continue;
      }
      double px = LEFT + x.position(m.x) * plotW;
      if (m.vertical) {
        double ly = TOP + 12 + 13 * (labelRow++ % 4);
        svg.append(String.format(Locale.ROOT, "<g data-marker=\"%s\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                + "stroke=\"%s\" stroke-dasharray=\"5 3\"/><text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text></g>%n",
            esc(m.label), px, TOP, px, TOP + plotH, colour, px + 3, ly, colour, esc(m.label)));
      } else {
        double py = TOP + plotH - (s < 0 ? 0 : yAt(series.get(s), m.x)) / yTop * plotH;
        svg.append(String.format(Locale.ROOT, "<g data-marker=\"%s\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"white\" "
                + "stroke=\"%s\" stroke-width=\"2\"/><text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text></g>%n",
            esc(m.label), px, py, colour, px + 8, py > TOP + plotH / 2.0 ? py - 10 : py + 16, colour, esc(m.label)));
      }
    }
    return svg.append("</svg>\n").toString();
  }

  private boolean usable(double x) {
    return !Double.isNaN(x) && (!logX || x > 0);
  }

  private int indexOf(String name) {
    for (int s = 0; s < series.size(); s++) {
      if (series.get(s).name.equals(name)) {
        return s;
      }
    }
    return -1;
  }

  /** The series' y at {@code x}, read off its line between the two points around it (the nearest end outside). */
  private static double yAt(Series s, double x) {
    if (s.xs.length == 0) {
      return 0;
    }
    if (x <= s.xs[0]) {
      return s.ys[0];
    }
    for (int i = 1; i < s.xs.length; i++) {
      if (x <= s.xs[i]) {
        double f = (x - s.xs[i - 1]) / (s.xs[i] - s.xs[i - 1]);
        return s.ys[i - 1] + f * (s.ys[i] - s.ys[i - 1]);
      }
    }
    return s.ys[s.ys.length - 1];
  }

  private ChartAxis xAxis() {
    List<Double> xs = new ArrayList<>();
    for (double v : xSpan) {
      xs.add(v);
    }
    for (Series s : series) {
      for (double v : s.xs) {
        if (usable(v)) {
          xs.add(v);
        }
      }
    }
    return ChartAxis.over(xs, logX, xTicks);
  }

  private static String esc(String s) {
    return HtmlReport.escape(s);
  }
}
