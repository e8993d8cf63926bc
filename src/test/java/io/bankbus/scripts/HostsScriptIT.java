package io.bankbus.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.support.Scripts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scripts/hosts.sh 3: three bank nodes and the load, each in a network namespace of its own, a partition in the
 * middle of the run, and nothing left behind, also when the load fails. Without root the script must refuse
 * with exit 2 and say why; that is what is checked then (CI runs as root: docs/testing.md).
 *
 * <p>To assert more of the partition (for example that message passing lost nothing), read {@link #run}'s
 * report: {@code runs[i].partition} has the events, the sides and the answers while apart.
 */
class HostsScriptIT {
  private static final Path OUT = Scripts.ROOT.resolve("target/hosts-it");
  private static final boolean ROOT_USER = "root".equals(System.getProperty("user.name"));
  private static final Pattern RUN = Pattern.compile("hosts\\.sh: run ([0-9a-f]+):");
  private static final Pattern PIDS = Pattern.compile("nodes ready \\(PIDs ([0-9 ]+)\\)");

  /**
   * A short shared-state run, 3 hosts, the last one cut off 4 s in and joined 6 s later: what a partition costs
   * shared state is measured, not asserted (docs/partitions.md).
   */
  static Scripts.Ended run() throws Exception {
    return Scripts.ended("hosts.sh", "hosts-it.out", 3, "3", "--models", "shared-state", "--duration", "16",
        "--warmup", "2", "--customers", "8", "--accounts", "100", "--partition-after", "4", "--heal-after", "6",
        "--output", OUT.toString());
  }

  @Test
  @DisplayName("message passing across a partition: one host cut off 5 s in and joined 10 s later; the audit is exact and the cut-off host's owners answered nothing while apart")
  void messagePassingLosesNothing() throws Exception {
    Path out = OUT.resolveSibling("hosts-it-mp");
    Scripts.Ended ended = Scripts.ended("hosts.sh", "hosts-it-mp.out", 3, "3", "--models", "message-passing",
        "--duration", "22", "--warmup", "2", "--customers", "8", "--accounts", "100", "--partition-after", "5",
        "--heal-after", "10", "--output", out.toString());
    if (!ROOT_USER) {
      assertRefusedWithoutRoot(ended);
      return;
    }
    assertEquals(0, ended.exitCode(), "every audit must pass: " + ended.output());
    JsonObject run = new JsonObject(Files.readString(out.resolve("report.json"))).getJsonArray("runs").getJsonObject(0);
    assertEquals("message-passing", run.getString("model"));
    JsonObject audit = run.getJsonObject("audit");
    assertTrue(audit.getBoolean("passed"), audit.encode());
    assertEquals(audit.getLong("expectedTotal"), audit.getLong("actualTotal"), audit.encode());
    JsonObject partition = run.getJsonObject("partition");
    assertEquals(null, partition.getString("failure"), partition.encode());
    assertEquals(1, partition.getJsonArray("apartNodes").size(), "the load lost sight of the host cut off: " + partition);
    assertEquals(0L, partition.getLong("ledgerAnsweredApart"), "a minority acknowledges nothing: " + partition);
    assertTrue(partition.getJsonObject("answersWhileApart").getLong("OK", 0L) > 0,
        "the majority went on serving: " + partition);
    assertNothingLeft(ended);
  }

  @Test
  @DisplayName("hosts.sh 3 runs the load across three namespaced hosts with a partition, reports it, and leaves no namespace or process behind")
  void partitionedRun() throws Exception {
    Scripts.Ended ended = run();
    if (!ROOT_USER) {
      assertRefusedWithoutRoot(ended);
      return;
    }
    // 0: every audit passed; 5: an audit failed (what a partition costs is measured, not assumed here).
    assertTrue(ended.exitCode() == 0 || ended.exitCode() == 5, ended.output());
    JsonObject run = new JsonObject(Files.readString(OUT.resolve("report.json"))).getJsonArray("runs").getJsonObject(0);
    assertEquals(3, run.getInteger("nodes"), run.encode());
    JsonObject partition = run.getJsonObject("partition");
    assertNotNull(partition, run.encode());
    assertEquals(null, partition.getString("failure"), partition.encode());
    JsonArray events = partition.getJsonArray("events");
    assertEquals(List.of("partition", "heal"), events.stream().map(e -> ((JsonObject) e).getString("kind")).toList());
    assertTrue(Math.abs(events.getJsonObject(0).getDouble("atSeconds") - 4) < 2, events.encode());
    assertTrue(Math.abs(events.getJsonObject(1).getDouble("atSeconds") - 10) < 3, events.encode());
    assertTrue(partition.getString("sides").contains("10.77.0.13"), partition.encode());
    assertNotNull(partition.getDouble("wholeAfterSeconds"), "the run waits until the bank is whole: " + partition);
    assertTrue(partition.containsKey("unavailableSeconds"), partition.encode());
    assertTrue(ended.output().contains("shared-state: partition at"), ended.output());
    assertNothingLeft(ended);
  }

  @Test
  @DisplayName("when the load fails, hosts.sh still stops its nodes and removes every namespace and link it made")
  void failedLoadCleansUp() throws Exception {
    Scripts.Ended ended = Scripts.ended("hosts.sh", "hosts-it-failed.out", 3, "3", "--models", "shared-state",
        "--customers", "0", "--output", OUT.resolveSibling("hosts-it-failed").toString());
    if (!ROOT_USER) {
      assertRefusedWithoutRoot(ended);
      return;
    }
    assertEquals(2, ended.exitCode(), "the load's usage error is the script's exit code: " + ended.output());
    assertTrue(ended.output().contains("--customers must be between 1 and 10000"), ended.output());
    assertNothingLeft(ended);
  }

  private static void assertRefusedWithoutRoot(Scripts.Ended ended) {
    assertEquals(2, ended.exitCode(), ended.output());
    assertTrue(ended.output().contains("hosts.sh: needs root"), ended.output());
  }

  /** No namespace named for the run, no node process alive, and the script said what it removed. */
  private static void assertNothingLeft(Scripts.Ended ended) throws Exception {
    Matcher run = RUN.matcher(ended.output());
    assertTrue(run.find(), ended.output());
    String prefix = "bb-" + run.group(1) + "-";
    Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
    String namespaces = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, list.waitFor());
    assertFalse(namespaces.contains(prefix), "left behind: " + namespaces);
    assertTrue(ended.output().contains("removed run " + run.group(1) + ": 5 namespaces"), ended.output());
    Matcher pids = PIDS.matcher(ended.output());
    assertTrue(pids.find(), ended.output());
    for (String pid : pids.group(1).trim().split(" +")) {
      assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false), "node " + pid);
    }
  }
}
