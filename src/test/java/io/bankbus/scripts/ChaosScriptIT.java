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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** scripts/chaos.sh, short: one of three node processes is killed during each model's run. */
class ChaosScriptIT {
  private static final Path ROOT = Scripts.ROOT;

  @Test
  @DisplayName("a node that chaos.sh --leave-node-after stops gracefully mid-load hands its shards over without a failed operation")
  void gracefulLeave() throws Exception {
    Path out = ROOT.resolve("target/leave-it");
    String output = Scripts.run("chaos.sh", "leave-it.out", 3, "--duration", "10", "--jit-warmup", "6", "--warmup", "2", "--leave-node-after", "4",
        "--customers", "16", "--accounts", "200", "--output", out.toString(), "--heap", "384m");
    JsonArray runs = new JsonObject(Files.readString(out.resolve("report.json"))).getJsonArray("runs");
    assertEquals(2, runs.size());
    for (Object o : runs) {
      JsonObject run = (JsonObject) o;
      JsonObject fault = run.getJsonArray("faults").getJsonObject(0);
      assertEquals("leave", fault.getString("kind"), run.encode());
      assertEquals(0, run.getJsonObject("operations").getLong("failed"), "graceful leave, yet: " + run.encode());
      assertTrue(run.getJsonObject("operations").getLong("succeeded") > 0, run.encode());
      assertTrue(run.getJsonObject("audit").getBoolean("passed"), run.encode());
    }
    assertTrue(output.contains("Stopped the bank nodes; exit codes [0, 0, 0]"), output);
  }

  @Test
  @DisplayName("after chaos.sh kills one of three nodes mid-load (a fourth killed in the warm-up), message-passing and shared-state still audit clean")
  void killOneOfThree() throws Exception {
    Path out = ROOT.resolve("target/chaos-it");
    String output = Scripts.run("chaos.sh", "chaos-it.out", 4, "--duration", "12", "--jit-warmup", "6", "--warmup", "2", "--kill-node-after", "4",
        "--customers", "16", "--accounts", "200", "--patience", "10000", "--output", out.toString(), "--heap", "384m");

    JsonObject report = new JsonObject(Files.readString(out.resolve("report.json")));
    JsonArray runs = report.getJsonArray("runs");
    List<String> models = new ArrayList<>();
    List<Long> killed = new ArrayList<>();
    for (Object o : runs) {
      JsonObject run = (JsonObject) o;
      models.add(run.getString("model"));
      assertEquals(3, run.getInteger("nodes"), run.encode());
      JsonArray faults = run.getJsonArray("faults");
      assertEquals(1, faults.size(), run.encode());
      JsonObject fault = faults.getJsonObject(0);
      assertEquals("kill", fault.getString("kind"));
      assertTrue(Math.abs(fault.getDouble("atSeconds") - 4) < 1.5, fault.encode());
      Matcher pid = Pattern.compile("node-3 \\(pid (\\d+)\\)").matcher(fault.getString("node"));
      assertTrue(pid.matches(), fault.encode());
      killed.add(Long.parseLong(pid.group(1)));
      assertTrue(run.containsKey("recoverySeconds"), run.encode());
      Double recovery = run.getDouble("recoverySeconds");
      assertTrue(recovery == null || (recovery >= 0 && recovery < 12), run.encode());
      assertTrue(run.getLong("retries") >= 0, run.encode());
      assertTrue(run.getJsonObject("operations").getLong("succeeded") > 0, run.encode());
      JsonObject audit = run.getJsonObject("audit");
      assertTrue(audit.getBoolean("passed"), run.getString("model") + " audit after a kill: " + audit.encode());
      assertEquals(audit.getLong("expectedTotal"), audit.getLong("actualTotal"), audit.encode());
      assertEquals(0, audit.getLong("duplicateApplications"), audit.encode());
      assertEquals(0, audit.getLong("lostUpdates"), audit.encode());
    }
    assertEquals(List.of("message-passing", "shared-state"), models);
    assertFalse(killed.get(0).equals(killed.get(1)), "a fresh node replaces the killed one between models");
    // chaos.sh rehearses the kill: a fourth node, killed halfway through the warm-up of the model measured first.
    JsonArray warmup = report.getJsonObject("measured").getJsonArray("warmup");
    assertEquals("message-passing", warmup.getJsonObject(warmup.size() - 1).getString("model"), warmup.encode());
    JsonObject rehearsal = warmup.getJsonObject(warmup.size() - 1).getJsonObject("rehearsal");
    assertTrue(rehearsal != null && rehearsal.getString("node").matches("node-4 \\(pid \\d+\\)")
        && Math.abs(rehearsal.getDouble("atSeconds") - 3) < 1.5, warmup.encode());
    assertTrue(warmup.getJsonObject(0).getJsonObject("rehearsal") == null, warmup.encode());
    assertTrue(output.contains("; rehearsal: node-4 (pid "), output);

    Matcher pids = Pattern.compile("PIDs \\[([0-9, ]+)]").matcher(output);
    assertTrue(pids.find(), output);
    List<Long> started = new ArrayList<>(killed);
    for (String p : pids.group(1).split(",\\s*")) {
      started.add(Long.parseLong(p.trim()));
    }
    for (long p : started) {
      assertFalse(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false), "process " + p + " still alive");
    }
    Matcher replacement = Pattern.compile("in place of the killed node-3 \\(pid \\d+\\): PID (\\d+)").matcher(output);
    assertTrue(replacement.find(), output);
    long fresh = Long.parseLong(replacement.group(1));
    assertEquals(fresh, killed.get(1), "the node killed in the second run is the one started in place of the first");
    assertTrue(output.contains("message-passing: kill node-3") && output.contains("shared-state: kill node-3"), output);
  }
}
