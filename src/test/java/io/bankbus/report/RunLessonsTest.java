package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunLessonsTest {
  private static final long TOTAL = 1000 * 100_000L;

  private static JsonObject run(String model, double opsPerSecond, double p99, long lost, long missingCents) {
    boolean passed = lost == 0 && missingCents == 0;
    return new JsonObject().put("model", model).put("durationSeconds", 15.0)
        .put("operations", new JsonObject().put("attempted", 300).put("succeeded", 290).put("rejected", 10)
            .put("failed", 0).put("bankFull", 0))
        .put("throughputOpsPerSecond", opsPerSecond)
        .put("latencyMs", new JsonObject().put("p50", p99 / 4).put("p99", p99))
        .put("audit", new JsonObject().put("passed", passed).put("expectedTotal", TOTAL)
            .put("actualTotal", TOTAL - missingCents).put("negativeBalances", 0).put("lostUpdates", lost)
            .put("duplicateApplications", 0).put("accountsOff", lost > 0 ? 3 : 0).put("mode", "operations"))
        .put("faults", new JsonArray()).put("recoverySeconds", null).put("retries", 0).put("arrivalsPerSecond", null);
  }

  private static List<String> lessons(JsonObject... runs) {
    JsonArray list = new JsonArray();
    for (JsonObject r : runs) {
      list.add(r);
    }
    return RunLessons.sentences(new JsonObject().put("runs", list));
  }

  private static String containing(List<String> sentences, String start) {
    return sentences.stream().filter(s -> s.contains(start)).findFirst()
        .orElseThrow(() -> new AssertionError("no sentence with '" + start + "' in " + sentences));
  }

  /** The default run's figures, as the lesson expects them: message passing fastest, the unlocked model losing. */
  private static List<String> expected() {
    return lessons(run("message-passing", 6520.9, 154, 0, 0), run("shared-state", 1264.1, 349.4, 0, 0),
        run("unlocked-shared-state", 2071.2, 228.1, 2505, 419_408));
  }

  @Test
  @DisplayName("the unlocked model's lost updates and missing money are stated from its figures")
  void lostUpdatesAndMoney() {
    String sentence = containing(expected(), "Without a lock");
    assertTrue(sentence.contains("lost 2,505 updates") && sentence.contains("4,194.08 went missing"), sentence);
  }

  @Test
  @DisplayName("the lock's cost is the locked throughput's shortfall against the unlocked one, and the p99 ratio")
  void lockCost() {
    String sentence = containing(expected(), "The lock cost");
    // 1 - 1264.1 / 2071.2 = 39 %; 349.4 / 228.1 = 1.5 times
    assertTrue(sentence.contains("39 % of its throughput") && sentence.contains("1,264 ops/s with it, 2,071 without")
        && sentence.contains("from 228 to 349 ms (1.5 times)"), sentence);
  }

  @Test
  @DisplayName("message passing against locked shared state gives the throughput and p99 ratios")
  void messagePassingAgainstLocked() {
    String sentence = containing(expected(), "Message passing, which needs no lock");
    // 6520.9 / 1264.1 = 5.2; 349.4 / 154 = 2.3
    assertTrue(sentence.contains("5.2 times what locked shared state did") && sentence.contains("6,521 against 1,264")
        && sentence.contains("154 ms against 349 ms (2.3 times shorter)"), sentence);
    assertFalse(String.join(" ", expected()).contains("contradicts"), "nothing contradicts the lesson here");
  }

  @Test
  @DisplayName("message passing slower than shared state is said plainly")
  void messagePassingLoses() {
    List<String> sentences = lessons(run("message-passing", 900, 400, 0, 0), run("shared-state", 1200, 300, 0, 0));
    String sentence = containing(sentences, "Message passing was SLOWER");
    assertTrue(sentence.contains("900 against 1,200 ops/s (0.75 times)") && sentence.contains("contradicts"),
        sentence);
    assertTrue(sentence.contains("its p99 visit was longer, 400 ms against 300 ms"), sentence);
    assertTrue(containing(sentences, "Not run").contains("unlocked-shared-state"), sentences.toString());
  }

  @Test
  @DisplayName("an unlocked run that lost nothing is said to contradict the lesson")
  void unlockedLostNothing() {
    String sentence = containing(lessons(run("shared-state", 1000, 300, 0, 0),
        run("unlocked-shared-state", 1100, 280, 0, 0)), "Without a lock");
    assertTrue(sentence.contains("lost nothing") && sentence.contains("contradicts"), sentence);
  }

  @Test
  @DisplayName("a lock that cost no throughput is said to contradict the lesson")
  void lockCostNothing() {
    String sentence = containing(lessons(run("shared-state", 1300, 300, 0, 0),
        run("unlocked-shared-state", 1100, 320, 5, 100)), "The lock cost");
    assertTrue(sentence.contains("no throughput") && sentence.contains("contradicts"), sentence);
  }

  @Test
  @DisplayName("each model's audit has its own line, the expected failure told apart from a broken promise")
  void auditLines() {
    List<String> sentences = lessons(run("message-passing", 6000, 150, 0, 0), run("shared-state", 1200, 350, 4, 900),
        run("unlocked-shared-state", 2000, 230, 2505, 419_408));
    assertEquals(3, sentences.stream().filter(s -> s.startsWith("Audit of ")).count(), sentences.toString());
    assertTrue(containing(sentences, "Audit of message-passing").contains("passed: the money adds up (1,000,000.00 in all"));
    assertTrue(containing(sentences, "Audit of shared-state").contains("FAILED"));
    assertTrue(containing(sentences, "Audit of unlocked-shared-state").contains("failed, as expected without a lock")
        && containing(sentences, "Audit of unlocked-shared-state").contains("2,505 lost updates"));
  }

  @Test
  @DisplayName("message passing alone gets no comparison, and the text says there is nothing to compare")
  void oneModelOnly() {
    List<String> sentences = lessons(run("message-passing", 6000, 150, 0, 0));
    assertEquals(2, sentences.size(), sentences.toString());
    assertTrue(sentences.get(0).startsWith("Only message-passing ran") && sentences.get(0).contains("shared-state"),
        sentences.get(0));
    assertTrue(sentences.get(1).startsWith("Audit of message-passing: passed"), sentences.get(1));
  }

  @Test
  @DisplayName("without locked shared state, message passing is compared with the unlocked model")
  void againstUnlockedOnly() {
    String sentence = containing(lessons(run("message-passing", 6000, 150, 0, 0),
        run("unlocked-shared-state", 2000, 230, 10, 50)), "Message passing, which needs no lock");
    assertTrue(sentence.contains("3.0 times what unlocked shared state did"), sentence);
  }

  @Test
  @DisplayName("a chaos run's kill, recovery and audit are told in one line per model")
  void faults() {
    JsonObject killed = run("message-passing", 5000, 300, 0, 0).put("recoverySeconds", 3.2).put("retries", 41)
        .put("faults", new JsonArray().add(new JsonObject().put("atSeconds", 8.0).put("kind", "kill").put("node", "ab12")));
    String sentence = containing(lessons(killed, run("shared-state", 1000, 400, 0, 0)), "node ab12");
    assertEquals("message-passing: node ab12 killed 8.0 s into measuring; throughput back to 80 % after 3 s; 41"
        + " retries; the audit still passed: nothing acknowledged was lost.", sentence);
  }

  @Test
  @DisplayName("money that appeared from nowhere is not called missing")
  void moneyCreated() {
    String sentence = containing(lessons(run("unlocked-shared-state", 2000, 230, 7, -1234)), "Without a lock");
    assertTrue(sentence.contains("12.34 appeared that no customer deposited"), sentence);
  }

  @Test
  @DisplayName("report.html's section escapes the sentences and says how the run was measured")
  void htmlSection() {
    JsonObject report = new JsonObject().put("runs", new JsonArray().add(run("message-passing", 6000, 150, 0, 0)))
        .put("measured", new JsonObject().put("warmupSeconds", 10.0).put("modelWarmupSeconds", 2.0)
            .put("order", new JsonArray().add(new JsonArray().add("message-passing"))).put("rounds", 1));
    String html = RunLessons.html(report);
    assertTrue(html.startsWith("<section id=\"lessons\"><h2>What this run shows</h2>"), html);
    assertTrue(html.contains("one unmeasured warm-up of every model in turn (the first measured last), 10 s each, on every JVM"), html);
    assertTrue(html.contains("<li>Only message-passing ran"), html);
  }

  private static JsonArray perSecond(int... answered) {
    JsonArray seconds = new JsonArray();
    for (int a : answered) {
      seconds.add(a);
    }
    return seconds;
  }

  @Test
  @DisplayName("a model still speeding up while measured is named, with its first and last thirds")
  void stillWarming() {
    // the first and last 5 of 15 measured seconds of message passing in a default run, 2026-12-02
    JsonObject climbing = run("message-passing", 3782, 167, 0, 0).put("answeredPerSecond",
        perSecond(1434, 1866, 1852, 2179, 2197, 2983, 2540, 3170, 3190, 3873, 5959, 6243, 6806, 6703, 5040));
    JsonObject flat = run("shared-state", 950, 339, 0, 0).put("answeredPerSecond",
        perSecond(900, 950, 1000, 900, 950, 1000, 900, 950, 1000, 1100, 950, 1000, 900, 1050, 1000));
    List<String> sentences = lessons(climbing, flat);
    // (1434 + 1866 + 1852 + 2179 + 2197) / 5 = 1,906; (5959 + 6243 + 6806 + 6703 + 5040) / 5 = 6,150
    assertEquals("message-passing was still speeding up while it was measured: 1,906 ops/s in its first 5 s, 6,150"
        + " in its last 5 s (3.2 times), so its JVMs were not yet warm and its figures are low; a longer --jit-warmup"
        + " measures it warm (scripts/bench.sh warms every model for 20 s).",
        containing(sentences, "still speeding up"));
    assertEquals(1, sentences.stream().filter(s -> s.contains("still speeding up")).count(), sentences.toString());
  }

  @Test
  @DisplayName("a climb just under the bound, a run with a kill, and a short run are not called warming")
  void notWarming() {
    JsonObject under = run("message-passing", 5000, 100, 0, 0)
        .put("answeredPerSecond", perSecond(1000, 1000, 1200, 1200, 1240, 1240));
    JsonObject killed = run("shared-state", 1000, 400, 0, 0).put("recoverySeconds", 2.0)
        .put("answeredPerSecond", perSecond(100, 100, 100, 10, 10, 500, 500, 500, 500))
        .put("faults", new JsonArray().add(new JsonObject().put("atSeconds", 3.0).put("kind", "kill").put("node", "n")));
    JsonObject shortRun = run("unlocked-shared-state", 2000, 230, 7, 700)
        .put("answeredPerSecond", perSecond(100, 1000, 2000, 3000, 4000));
    List<String> sentences = lessons(under, killed, shortRun);
    assertTrue(sentences.stream().noneMatch(s -> s.contains("still speeding up")), sentences.toString());
  }
}
