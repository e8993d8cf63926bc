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
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** scripts/load.sh in a small 5-second configuration, as a user runs it. */
class LoadScriptIT {
  private static final Path ROOT = Scripts.ROOT;
  private static final Set<String> PERCENTILES = Set.of("p50", "p90", "p99", "p999", "max");

  @Test
  @DisplayName("a short load.sh run of every model ends cleanly with a sane report.json")
  void smallLoad() throws Exception {
    Path out = ROOT.resolve("target/load-it");
    String output = Scripts.run("load.sh", "load-it.out", 5, "--duration", "5", "--warmup", "2", "--jit-warmup", "3",
        "--customers", "16", "--accounts", "200", "--output", out.toString(), "--heap", "384m");

    Matcher pids = Pattern.compile("PIDs \\[([0-9, ]+)]").matcher(output);
    assertTrue(pids.find(), output);
    List<Long> started = new ArrayList<>();
    for (String pid : pids.group(1).split(",\\s*")) {
      started.add(Long.parseLong(pid.trim()));
    }
    assertEquals(2, started.size());
    for (long pid : started) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "node " + pid + " still alive");
    }
    assertTrue(output.contains("Stopped the bank nodes; exit codes [0, 0]"), output);

    JsonObject report = new JsonObject(Files.readString(out.resolve("report.json")));
    JsonArray runs = report.getJsonArray("runs");
    assertEquals(3, runs.size());
    List<String> models = new ArrayList<>();
    for (Object o : runs) {
      JsonObject run = (JsonObject) o;
      models.add(run.getString("model"));
      assertEquals(Set.of("model", "nodes", "cashiersPerNode", "customers", "accounts", "durationSeconds", "visits",
          "operations", "throughputOpsPerSecond", "latencyMs", "queueWaitMs", "serviceMs", "audit", "faults",
          "recoverySeconds", "retries", "arrivalsPerSecond", "heap", "bankSide", "measuredRounds", "queueWaitByBranchMs",
          "partition", "answeredPerSecond", "percentileSpectrum"), run.fieldNames());
      JsonArray rounds = run.getJsonArray("measuredRounds");
      assertEquals(1, rounds.size(), run.encode());
      assertEquals(run.getDouble("throughputOpsPerSecond"), rounds.getJsonObject(0).getDouble("throughputOpsPerSecond"),
          0.01, "one round: the line is that round: " + run.encode());
      assertEquals(null, run.getValue("arrivalsPerSecond"), "closed loop: " + run.encode());
      assertTrue(run.getJsonArray("heap").isEmpty(), "heap sampled only with --heap-every: " + run.encode());
      assertTrue(run.getJsonArray("faults").isEmpty(), "no fault was injected: " + run.encode());
      assertEquals(null, run.getValue("recoverySeconds"), "no fault, no recovery time: " + run.encode());
      assertTrue(run.getLong("retries") >= 0, run.encode());
      assertEquals(2, run.getInteger("nodes"));
      assertEquals(4, run.getInteger("cashiersPerNode"));
      assertEquals(16, run.getInteger("customers"));
      assertEquals(200, run.getInteger("accounts"));
      assertTrue(run.getDouble("durationSeconds") >= 4.9 && run.getDouble("durationSeconds") < 8, run.encode());
      assertTrue(run.getLong("visits") > 0, run.encode());
      JsonObject ops = run.getJsonObject("operations");
      assertEquals(Set.of("attempted", "succeeded", "rejected", "failed", "bankFull"), ops.fieldNames());
      assertEquals(ops.getLong("attempted"), ops.getLong("succeeded") + ops.getLong("rejected") + ops.getLong("failed"));
      assertTrue(ops.getLong("succeeded") > 0, run.encode());
      double throughput = run.getDouble("throughputOpsPerSecond");
      double expected = (ops.getLong("succeeded") + ops.getLong("rejected")) / run.getDouble("durationSeconds");
      assertTrue(throughput > 0 && Math.abs(throughput - expected) < 0.01 * expected + 1, run.encode());
      // Second by second: the whole seconds of the measured phase, adding up to what was answered in them.
      JsonArray perSecond = run.getJsonArray("answeredPerSecond");
      assertEquals((int) Math.floor(run.getDouble("durationSeconds")), perSecond.size(), run.encode());
      long answered = perSecond.stream().mapToLong(n -> ((Number) n).longValue()).sum();
      long total = ops.getLong("succeeded") + ops.getLong("rejected");
      assertTrue(answered <= total && answered >= total * (run.getDouble("durationSeconds") - 1.5) / run.getDouble("durationSeconds"),
          answered + " of " + total + ": " + run.encode());
      for (String h : List.of("latencyMs", "queueWaitMs", "serviceMs")) {
        JsonArray spectrum = run.getJsonObject("percentileSpectrum").getJsonArray(h);
        assertEquals(50.0, spectrum.getJsonArray(0).getDouble(0), h + " " + spectrum);
        assertEquals(run.getJsonObject(h).getDouble("p50"), spectrum.getJsonArray(0).getDouble(1), 0.01, h + " " + spectrum);
        assertTrue(spectrum.size() > 20 && spectrum.getJsonArray(spectrum.size() - 1).getDouble(0) <= 99.99, h + " " + spectrum);
      }
      // Counted by the bank's cashiers from the nodes' status: only this load's customers here, so about the same.
      JsonObject bank = run.getJsonObject("bankSide");
      assertTrue(bank != null && bank.getDouble("seconds") >= 3 && bank.getDouble("seconds") <= 5.5, run.encode());
      assertTrue(bank.getDouble("opsPerSecond") > 0.6 * throughput && bank.getDouble("opsPerSecond") < 1.4 * throughput,
          run.encode());
      for (String h : List.of("latencyMs", "queueWaitMs", "serviceMs")) {
        JsonObject p = run.getJsonObject(h);
        assertEquals(PERCENTILES, p.fieldNames(), h);
        assertTrue(p.getDouble("p50") <= p.getDouble("p90") && p.getDouble("p90") <= p.getDouble("p99")
            && p.getDouble("p99") <= p.getDouble("p999") && p.getDouble("p999") <= p.getDouble("max"), h + " " + p);
        assertTrue(p.getDouble("p50") > 0, h + " " + p);
      }
      assertTrue(run.getJsonObject("latencyMs").getDouble("p50") >= run.getJsonObject("serviceMs").getDouble("p50"),
          "a visit takes at least its service time: " + run.encode());
      JsonObject audit = run.getJsonObject("audit");
      assertEquals(Set.of("passed", "expectedTotal", "actualTotal", "negativeBalances", "lostUpdates",
          "duplicateApplications", "accountsOff", "refusedButApplied", "accountsOffJournal", "mode"),
          audit.fieldNames());
      assertEquals("operations", audit.getString("mode"), "a 10-second run fits the dedup window: " + audit.encode());
      assertTrue(audit.getLong("expectedTotal") >= 200 * 100_000L, audit.encode());
      if (!run.getString("model").equals("unlocked-shared-state")) {
        assertTrue(audit.getBoolean("passed"), run.getString("model") + " audit: " + audit.encode());
        assertEquals(audit.getLong("expectedTotal"), audit.getLong("actualTotal"));
        assertEquals(0, audit.getLong("lostUpdates"));
      }
    }
    assertEquals(List.of("message-passing", "shared-state", "unlocked-shared-state"), models);
    assertTrue(output.contains("model ") && output.contains("Report: "), output);
    measuredWarm(report, output);
    whatThisRunShows(report, output);
  }

  /** One warm-up of every model in turn before the first measured run, said in report.json and in the output. */
  private static void measuredWarm(JsonObject report, String output) {
    JsonObject measured = report.getJsonObject("measured");
    assertEquals(Set.of("warmupSeconds", "warmup", "modelWarmupSeconds", "order", "rounds"), measured.fieldNames());
    assertEquals(3.0, measured.getDouble("warmupSeconds"));
    assertEquals(2.0, measured.getDouble("modelWarmupSeconds"));
    assertEquals(1, measured.getInteger("rounds"));
    assertEquals(new JsonArray().add(new JsonArray().add("message-passing").add("shared-state")
        .add("unlocked-shared-state")), measured.getJsonArray("order"));
    JsonArray warmup = measured.getJsonArray("warmup");
    assertEquals(List.of("unlocked-shared-state", "shared-state", "message-passing"), warmup.stream()
        .map(w -> ((JsonObject) w).getString("model")).toList(), "the first measured is warmed up last");
    for (Object w : warmup) {
      JsonObject warm = (JsonObject) w;
      assertTrue(warm.getDouble("throughputOpsPerSecond") > 0, "every model served during the warm-up: " + warm);
      if (!warm.getString("model").equals("unlocked-shared-state")) {
        assertTrue(warm.getBoolean("passed"), "warm-up audits pass: " + warm);
      }
    }
    Matcher line = Pattern.compile("(?m)^Warm-up: 3 s each of unlocked-shared-state, shared-state, message-passing,"
        + " on every JVM, unmeasured; audits: unlocked-shared-state .*, shared-state passed, message-passing passed$")
        .matcher(output);
    assertTrue(line.find(), output);
    int warmedUp = line.start();
    int firstMeasured = output.indexOf("message-passing       measuring");
    assertTrue(firstMeasured < 0 || warmedUp < firstMeasured, "the warm-up came before the first measured run");
    assertTrue(output.contains("Measured: after one unmeasured warm-up of every model in turn (the first measured last), 3 s each, on every JVM,"
        + " each model in turn (2 s of its own warm-up, then about 5 s measured), in the order message-passing,"
        + " shared-state, unlocked-shared-state."), output);
  }

  /** "What this run shows", after the table, written from this run's figures. */
  private static void whatThisRunShows(JsonObject report, String output) {
    int table = output.indexOf("model                    visits");
    int shows = output.indexOf("What this run shows:\n");
    assertTrue(table >= 0 && shows > table, output);
    String lessons = output.substring(shows);
    JsonObject mp = runOf(report, "message-passing");
    JsonObject ss = runOf(report, "shared-state");
    JsonObject us = runOf(report, "unlocked-shared-state");
    Long lost = us.getJsonObject("audit").getLong("lostUpdates");
    assertTrue(lost == 0 ? lessons.contains("  - Without a lock, shared state lost nothing in this run")
        : lessons.contains(String.format(java.util.Locale.ROOT, "  - Without a lock, shared state lost %,d updates", lost)),
        lessons);
    assertTrue(lessons.contains("  - The lock cost shared state "), lessons);
    double ratio = mp.getDouble("throughputOpsPerSecond") / ss.getDouble("throughputOpsPerSecond");
    String times = String.format(java.util.Locale.ROOT, ratio < 1 ? "%.2f times" : "%.1f times", ratio);
    assertTrue(ratio > 1 ? lessons.contains("  - Message passing, which needs no lock, served " + times
        + " what locked shared state did") : lessons.contains("  - Message passing was SLOWER than locked shared state"
        + " in this run") && lessons.contains("(" + times + ")"), lessons);
    assertTrue(lessons.contains("  - Audit of message-passing: passed") && lessons.contains("  - Audit of shared-state:"
        + " passed") && lessons.contains("  - Audit of unlocked-shared-state: "), lessons);
  }

  private static JsonObject runOf(JsonObject report, String model) {
    return report.getJsonArray("runs").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("model").equals(model)).findFirst().orElseThrow();
  }
}
