package io.bankbus.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.report.HtmlReport;
import io.bankbus.report.SweepHtml;
import io.bankbus.support.ReportSamples;
import io.bankbus.support.Scripts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A real browser on the live page: headless Chromium (Debian's package, which {@code scripts/test.sh} installs
 * when missing, with Node.js and npm) driven by playwright-core (installed from npm into {@code target/browser} by
 * this test) opens the page the first node serves during a short {@code scripts/load.sh}, and must see the
 * cashiers and the waiting room, changing; it then takes a ticket through the page's "be a customer" panel and
 * must be served. Saves {@code target/live-page.png}. It also opens report.html and sweep.html, rendered from
 * constructed figures, from disk, and must see each chart's lines, one per model, and no request leave the file
 * (screenshots in {@code target/report-pages}). Without Chromium or npm it fails, saying so: it never skips.
 */
class LivePageIT {
  private static final Path ROOT = Scripts.ROOT;
  private static final String PLAYWRIGHT = "playwright-core@1.65.1";

  @Test
  @DisplayName("headless Chromium sees the cashiers and the waiting room change and a throughput line per model during a load, loads nothing from elsewhere, is served as a customer from the page, and cannot send to a ledger shard")
  void browserSeesTheBank() throws Exception {
    Path browser = browser("live-page.mjs");

    Path loadLog = ROOT.resolve("target/live-it.out");
    Process load = new ProcessBuilder(ROOT.resolve("scripts/load.sh").toString(), "--models", "message-passing",
        "--duration", "40", "--warmup", "2", "--customers", "64", "--accounts", "200", "--heap", "384m",
        "--output", ROOT.resolve("target/live-it").toString())
        .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(loadLog.toFile()).start();
    try {
      String url = livePage(load, loadLog);
      Path shot = ROOT.resolve("target/live-page.png");
      Files.deleteIfExists(shot);
      String seen = Scripts.command(List.of("node", browser.resolve("live-page.mjs").toString(), url, shot.toString()),
          ROOT.resolve("target/live-page.out"), 3);
      JsonObject result = new JsonObject(seen.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
      JsonObject first = result.getJsonObject("first");
      JsonObject later = result.getJsonObject("later");
      assertTrue(first.getString("connection").startsWith("connected"), first.encode());
      assertTrue(later.getJsonArray("models").contains("message-passing"), later.encode());
      assertEquals(8, later.getJsonArray("cashiers").size(), "2 nodes x 4 cashiers: " + later.encode());
      assertEquals(2, later.getJsonArray("waiting").size(), "a waiting room per node: " + later.encode());
      assertTrue(result.getInteger("maxTickets") > 0, "64 customers, 8 cashiers: someone waits with a ticket: " + result.encode());
      assertTrue(result.getInteger("changes") >= 3, "the cashiers move on: " + result.encode());
      assertNotEquals(first.getJsonArray("cashiers"), later.getJsonArray("cashiers"), result.encode());
      assertTrue(result.getJsonArray("offsite").isEmpty(), "everything from the node: " + result.getJsonArray("offsite"));
      List<String> models = later.getJsonArray("models").stream().map(Object::toString).distinct().sorted().toList();
      List<JsonObject> series = later.getJsonArray("series").stream().map(JsonObject.class::cast).toList();
      assertEquals(models, series.stream().map(s -> s.getString("model")).sorted().toList(),
          "the throughput chart has one line per model the page shows: " + later.encode());
      JsonObject mp = series.stream().filter(s -> s.getString("model").equals("message-passing")).findFirst().orElseThrow();
      assertTrue(mp.getInteger("points") >= 5 && mp.getInteger("drawn").equals(mp.getInteger("points")),
          "a point a second, each drawn: " + mp.encode());
      assertTrue(mp.getDouble("max") > 0, "the load's operations show on the line: " + mp.encode());
      assertEquals(new JsonObject().put("type", "err").put("body", "access_denied"), result.getJsonObject("intruder"),
          "the browser cannot send to a ledger shard through the bridge: " + result.encode());
      JsonObject visit = result.getJsonObject("visit");
      assertEquals("served", visit.getString("state"), "the visitor is served: " + visit.encode());
      String steps = String.join("\n", visit.getJsonArray("steps").stream().map(Object::toString).toList());
      Matcher called = Pattern.compile("called\\|ticket #(\\d+) called to cashier [0-9a-f]{8}\\.[1-4] after \\d+ ms in the queue")
          .matcher(steps);
      assertTrue(called.find(), steps);
      assertTrue(steps.contains("opened|open visitor-") && steps.contains(": balance 500 cents"), steps);
      assertTrue(steps.contains("deposited|deposit 25 cents: balance 525 cents"), steps);
      assertTrue(steps.contains("left|left after 2 operations"), steps);
      if (visit.getValue("ticketSeen") != null) {
        assertEquals(called.group(1), visit.getString("ticketSeen"), "the number watched in the queue is the one called");
      }
      assertTrue(Files.size(shot) > 10_000, "a screenshot was saved");
      assertTrue(load.waitFor(3, TimeUnit.MINUTES), "the load ends by itself");
      assertEquals(0, load.exitValue(), Files.readString(loadLog));
      assertTrue(Files.readString(ROOT.resolve("target/live-it/report.html")).contains("<svg"), "report.html written");
    } finally {
      load.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      load.toHandle().destroyForcibly();
    }
  }

  @Test
  @DisplayName("headless Chromium draws report.html's and sweep.html's charts with one line per model, and they load nothing from elsewhere")
  void reportPages() throws Exception {
    Path browser = browser("report-pages.mjs");
    Path dir = Files.createDirectories(ROOT.resolve("target/report-pages"));
    Path report = Files.writeString(dir.resolve("report.html"), HtmlReport.render(ReportSamples.chaosReport()));
    Path sweep = Files.writeString(dir.resolve("sweep.html"), SweepHtml.render(ReportSamples.sweep()));
    String seen = Scripts.command(List.of("node", browser.resolve("report-pages.mjs").toString(), report.toString(),
        dir.resolve("report.png").toString(), sweep.toString(), dir.resolve("sweep.png").toString()),
        dir.resolve("report-pages.out"), 3);
    JsonArray pages = new JsonObject(seen.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow())
        .getJsonArray("pages");
    assertEquals(2, pages.size(), seen);
    List<List<String>> charts = new ArrayList<>();
    for (Object o : pages) {
      JsonObject page = (JsonObject) o;
      assertTrue(page.getJsonArray("elsewhere").isEmpty(), "nothing but the file: " + page.encode());
      assertTrue(page.getInteger("pageWidth") <= 1280, "no wider than the window: " + page.encode());
      List<String> ids = new ArrayList<>();
      for (Object c : page.getJsonArray("charts")) {
        JsonObject chart = (JsonObject) c;
        ids.add(chart.getString("chart"));
        List<String> names = new ArrayList<>();
        for (Object series : chart.getJsonArray("series")) {
          names.add(((JsonObject) series).getString("name"));
          assertTrue(((JsonObject) series).getDouble("width") > 100, "a line drawn across the chart: " + chart.encode());
        }
        assertEquals(ReportSamples.MODELS, names, chart.encode());
      }
      charts.add(ids);
    }
    assertEquals(List.of(List.of("throughput-over-time", "spectrum-latencyMs", "spectrum-queueWaitMs", "spectrum-serviceMs"),
        List.of("contention-throughput", "contention-p99", "cashiers-throughput", "cashiers-p99")), charts);
    JsonArray markers = pages.getJsonObject(0).getJsonArray("charts").getJsonObject(0).getJsonArray("markers");
    assertEquals(6, markers.size(), "a kill and a recovery per model: " + markers);
  }

  /**
   * The folder playwright-core is installed in (from npm, once), with {@code script} copied from src/test/js;
   * fails, saying why, without Chromium or Node.js.
   */
  private static Path browser(String script) throws Exception {
    assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")),
        "needs Chromium at /usr/bin/chromium: run the tests with scripts/test.sh, which installs it when missing"
            + " (Debian: apt-get install chromium)");
    assertTrue(onPath("npm") && onPath("node"),
        "needs Node.js and npm on the PATH: run the tests with scripts/test.sh, which installs them when missing"
            + " (Debian: apt-get install nodejs npm)");
    Path browser = ROOT.resolve("target/browser");
    if (!Files.isDirectory(browser.resolve("node_modules/playwright-core"))) {
      Scripts.command(List.of("npm", "install", "--prefix", browser.toString(), "--no-audit", "--no-fund", "--silent", PLAYWRIGHT),
          browser.resolveSibling("npm-install.log"), 5);
    }
    Files.copy(ROOT.resolve("src/test/js").resolve(script), browser.resolve(script),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return browser;
  }

  private static boolean onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
  }

  /** Waits (bounded) for the load's "Live page: URL" line. */
  private static String livePage(Process load, Path log) throws Exception {
    Pattern line = Pattern.compile("Live page: (http://127\\.0\\.0\\.1:\\d+/)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Matcher m = line.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return m.group(1);
      }
      assertTrue(load.isAlive(), "load.sh ended before printing the live page: " + Files.readString(log));
      load.waitFor(200, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("no 'Live page:' line within 120 s: " + Files.readString(log));
  }
}
