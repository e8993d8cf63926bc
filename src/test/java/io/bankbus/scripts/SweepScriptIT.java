package io.bankbus.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.support.Scripts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** scripts/sweep.sh --quick, as CI runs it: every model at 4 contention levels and at 1 and 4 cashiers per node. */
class SweepScriptIT {
  private static final Path ROOT = Scripts.ROOT;
  private static final List<String> MODELS = List.of("message-passing", "shared-state", "unlocked-shared-state");
  private static final List<Object> LEVELS = List.of("uniform", "hot-1pc-half", "ten-accounts-90pc", "one-account");

  @Test
  @DisplayName("a quick sweep ends cleanly with every point in sweep.json, each with its figures and its audit, and a sweep.html")
  void quickSweep() throws Exception {
    Path out = ROOT.resolve("target/sweep-it");
    String output = Scripts.run("sweep.sh", "sweep-it.out", 8, "--quick", "--output", out.toString(), "--heap", "384m");

    JsonObject sweep = new JsonObject(Files.readString(out.resolve("sweep.json")));
    assertEquals(Set.of("points", "measured"), sweep.fieldNames());
    JsonObject measured = sweep.getJsonObject("measured");
    assertEquals(Set.of("warmupSeconds", "order", "rounds"), measured.fieldNames());
    assertEquals(2.0, measured.getDouble("warmupSeconds"), "--quick's bank warm-up");
    assertEquals(new JsonArray().add(new JsonArray(MODELS)), measured.getJsonArray("order"), "one round, in --models order");
    assertEquals(1, measured.getInteger("rounds"));

    JsonArray points = sweep.getJsonArray("points");
    assertEquals(MODELS.size() * (LEVELS.size() + 2), points.size(), points.encodePrettily());
    Set<String> seen = new LinkedHashSet<>();
    for (Object o : points) {
      JsonObject p = (JsonObject) o;
      assertEquals(Set.of("model", "variable", "value", "workload", "throughputOpsPerSecond", "latencyMs", "audit"),
          p.fieldNames());
      seen.add(p.getString("model") + " " + p.getString("variable") + " " + p.getValue("value"));
      JsonObject workload = p.getJsonObject("workload");
      if (p.getString("variable").equals("contention")) {
        assertTrue(LEVELS.contains(p.getValue("value")), p.encode());
        assertEquals(4, workload.getInteger("cashiersPerNode"), p.encode());
      } else {
        assertEquals("cashiers", p.getString("variable"), p.encode());
        assertEquals(p.getInteger("value"), workload.getInteger("cashiersPerNode"), p.encode());
        assertEquals(10, workload.getInteger("hotAccounts"), "cashier points at the default contention: " + p.encode());
      }
      assertEquals(1000, workload.getInteger("accounts"), p.encode());
      assertTrue(workload.getDouble("durationSeconds") >= 1.9 && workload.getDouble("durationSeconds") < 5, p.encode());
      assertTrue(workload.getLong("visits") > 0, p.encode());
      assertTrue(p.getDouble("throughputOpsPerSecond") > 0, p.encode());
      JsonObject latency = p.getJsonObject("latencyMs");
      assertTrue(latency.getDouble("p50") > 0 && latency.getDouble("p50") <= latency.getDouble("p99")
          && latency.getDouble("p99") <= latency.getDouble("max"), p.encode());
      JsonObject audit = p.getJsonObject("audit");
      assertTrue(audit.containsKey("passed") && audit.containsKey("expectedTotal") && audit.containsKey("actualTotal")
          && audit.containsKey("lostUpdates") && audit.containsKey("mode"), "the point's audit: " + p.encode());
      boolean unlocked = p.getString("model").equals("unlocked-shared-state");
      assertEquals(!unlocked, audit.getBoolean("required"), p.encode());
      if (!unlocked) {
        assertTrue(audit.getBoolean("passed"), p.encode());
      }
    }
    assertEquals(points.size(), seen.size(), "every point once: " + seen);
    for (String model : MODELS) {
      for (Object level : LEVELS) {
        assertTrue(seen.contains(model + " contention " + level), model + " at " + level + ": " + seen);
      }
      assertTrue(seen.contains(model + " cashiers 1") && seen.contains(model + " cashiers 4"), model + ": " + seen);
    }

    String html = Files.readString(out.resolve("sweep.html"));
    assertEquals(4, count(html, "data-chart=\""), "throughput and p99, for contention and for cashiers");
    assertEquals(4 * MODELS.size(), count(html, "<g data-series=\""), "one series per model in each chart");

    assertEquals(points.size(), output.lines().filter(l -> l.contains(" ops/s  p50 ")).count(), "a line per point");
    Matcher pids = Pattern.compile("PIDs \\[([0-9, ]+)]").matcher(output);
    List<Long> started = new ArrayList<>();
    while (pids.find()) {
      for (String pid : pids.group(1).split(",\\s*")) {
        started.add(Long.parseLong(pid.trim()));
      }
    }
    // Two banks of two nodes; a bank that did not start is started once more, and says so.
    int restarts = count(output, "cashiers per node did not start");
    assertEquals(2 * (2 + restarts), started.size(), output);
    for (long pid : started) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "node " + pid + " still alive");
    }
    assertEquals(2, count(output, "Stopped the bank nodes; exit codes [0, 0]"), output);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
