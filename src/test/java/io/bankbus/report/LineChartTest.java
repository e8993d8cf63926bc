package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LineChartTest {
  private static final Pattern POINT = Pattern.compile("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\" r=\"3\">");

  private static LineChart twoSeries() {
    return new LineChart("demo", "x things", "y things")
        .series("alpha", new double[] {0, 5, 10}, new double[] {0, 50, 100})
        .series("beta <b>", new double[] {0, 10}, new double[] {20, 20});
  }

  @Test
  @DisplayName("each series is one group named by a data-series attribute, with one path")
  void oneGroupPerSeries() {
    String svg = twoSeries().svg();
    assertEquals(List.of("alpha", "beta &lt;b&gt;"), attributes(svg, "data-series"));
    assertEquals(2, count(svg, "<path "));
    assertTrue(svg.contains("data-chart=\"demo\""), svg);
  }

  @Test
  @DisplayName("the chart has axis labels and a legend naming every series")
  void labelsAndLegend() {
    String svg = twoSeries().svg();
    assertTrue(svg.contains(">x things</text>") && svg.contains(">y things</text>"), svg);
    assertTrue(svg.contains(">alpha</text>") && svg.contains(">beta &lt;b&gt;</text>"), svg);
  }

  @Test
  @DisplayName("on a linear x axis the middle value sits halfway, and y is scaled from 0 to the top")
  void linearPositions() {
    List<double[]> dots = dots(twoSeries().svg());
    double left = dots.get(0)[0];
    double mid = dots.get(1)[0];
    double right = dots.get(2)[0];
    assertEquals((left + right) / 2, mid, 0.11, "x = 5 halfway between 0 and 10");
    double bottom = dots.get(0)[1];
    double top = dots.get(2)[1];
    assertEquals((bottom + top) / 2, dots.get(1)[1], 0.11, "y = 50 halfway between 0 and 100");
    assertTrue(top < bottom, "larger y is higher up");
  }

  @Test
  @DisplayName("on a log x axis 10 sits halfway between 1 and 100")
  void logPositions() {
    String svg = new LineChart("log", "x", "y").logX()
        .series("s", new double[] {1, 10, 100}, new double[] {1, 2, 3}).svg();
    List<double[]> dots = dots(svg);
    assertEquals((dots.get(0)[0] + dots.get(2)[0]) / 2, dots.get(1)[0], 0.11);
  }

  @Test
  @DisplayName("given ticks are labelled, and x values a log scale cannot show are left out")
  void ticksAndUnusable() {
    String svg = new LineChart("t", "x", "y").logX().xTicks(List.of(new LineChart.Tick(2, "50 %"),
        new LineChart.Tick(100, "99 %"))).series("s", new double[] {0, 2, 100}, new double[] {9, 1, 2}).svg();
    assertTrue(svg.contains(">50 %</text>") && svg.contains(">99 %</text>"), svg);
    assertEquals(2, dots(svg).size(), "x = 0 is not drawn on a log scale");
  }

  @Test
  @DisplayName("markers: a dashed vertical line and a ring, each in its series' colour and labelled")
  void markers() {
    String svg = twoSeries().verticalMarker(5, "kill node-2", "beta <b>").pointMarker(7.5, "back", "alpha").svg();
    assertEquals(List.of("kill node-2", "back"), attributes(svg, "data-marker"));
    assertTrue(svg.contains("stroke=\"" + LineChart.COLOURS[1] + "\" stroke-dasharray"), svg);
    // The ring sits on alpha's line: y read off between (5, 50) and (10, 100), at 75.
    Matcher ring = Pattern.compile("<g data-marker=\"back\"><circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"").matcher(svg);
    assertTrue(ring.find(), svg);
    List<double[]> dots = dots(svg);
    double expectedY = dots.get(1)[1] + (dots.get(2)[1] - dots.get(1)[1]) / 2;
    assertEquals(expectedY, Double.parseDouble(ring.group(2)), 0.11, svg);
  }

  @Test
  @DisplayName("a series without points is still a named group, with no path, and says so in the legend")
  void emptySeries() {
    String svg = new LineChart("e", "x", "y").series("none", new double[0], new double[0]).svg();
    assertEquals(List.of("none"), attributes(svg, "data-series"));
    assertEquals(0, count(svg, "<path "));
    assertTrue(svg.contains("none (no data)"), svg);
  }

  @Test
  @DisplayName("the chart is plain SVG: no script, no link, nothing from elsewhere")
  void plain() {
    String svg = twoSeries().verticalMarker(1, "m", "alpha").svg();
    assertFalse(Pattern.compile("<script|<link|@import|url\\(|(src|href)=|<foreignObject").matcher(svg).find(), svg);
  }

  @Test
  @DisplayName("tick labels are short: whole numbers without decimals, others to three significant digits")
  void numbers() {
    assertEquals(List.of("2000", "2.5", "0.125", "12.5", "1235"), List.of(ChartAxis.number(2000), ChartAxis.number(2.5),
        ChartAxis.number(0.125), ChartAxis.number(12.5), ChartAxis.number(1234.6)));
    assertEquals(20, ChartAxis.niceStep(100), 1e-9);
    assertEquals(0.5, ChartAxis.niceStep(2.2), 1e-9);
  }

  static List<String> attributes(String svg, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(svg);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static List<double[]> dots(String svg) {
    Matcher m = POINT.matcher(svg);
    List<double[]> found = new ArrayList<>();
    while (m.find()) {
      found.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    }
    return found;
  }

  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
