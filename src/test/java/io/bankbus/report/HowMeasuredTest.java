package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HowMeasuredTest {
  private static JsonObject report(double warmup, JsonArray order) {
    return new JsonObject()
        .put("runs", new JsonArray().add(new JsonObject().put("model", "message-passing").put("durationSeconds", 15.012)))
        .put("measured", new JsonObject().put("warmupSeconds", warmup).put("modelWarmupSeconds", 2.0)
            .put("order", order).put("rounds", order.size())
            .put("warmup", new JsonArray()
                .add(new JsonObject().put("model", "message-passing").put("passed", true).put("lostUpdates", 0))
                .add(new JsonObject().put("model", "unlocked-shared-state").put("passed", false).put("lostUpdates", 17))));
  }

  private static JsonArray round(String... models) {
    JsonArray round = new JsonArray();
    for (String m : models) {
      round.add(m);
    }
    return round;
  }

  @Test
  @DisplayName("one round: the warm-up, each model's own warm-up and measured seconds, and the order")
  void oneRound() {
    assertEquals("Measured: after one unmeasured warm-up of every model in turn (the first measured last), 8 s each, on every JVM, each model"
            + " in turn (2 s of its own warm-up, then about 15 s measured), in the order message-passing, shared-state.",
        HowMeasured.text(report(8, new JsonArray().add(round("message-passing", "shared-state")))));
  }

  @Test
  @DisplayName("several rounds: each round's order, and that each line is the median round")
  void rounds() {
    String text = HowMeasured.text(report(8, new JsonArray().add(round("mp", "ss")).add(round("ss", "mp"))));
    assertTrue(text.endsWith("in 2 rounds, the order rotated each round (mp, ss; ss, mp); each line is the model's"
        + " median round by throughput."), text);
  }

  @Test
  @DisplayName("several rounds: a line per model with its throughput and position in each round, the reported one marked")
  void roundLines() {
    JsonObject report = new JsonObject().put("runs", new JsonArray()
        .add(new JsonObject().put("model", "message-passing").put("measuredRounds", new JsonArray()
            .add(new JsonObject().put("round", 1).put("position", 1).put("throughputOpsPerSecond", 2650.6).put("reported", false))
            .add(new JsonObject().put("round", 2).put("position", 2).put("throughputOpsPerSecond", 3974.3).put("reported", true))))
        .add(new JsonObject().put("model", "shared-state").put("measuredRounds", new JsonArray()
            .add(new JsonObject().put("round", 1).put("position", 2).put("throughputOpsPerSecond", 1000.0).put("reported", true)))));
    assertEquals(java.util.List.of("message-passing ops/s by round (position): 2,651 (1), 3,974 (2, reported)"),
        HowMeasured.roundLines(report));
  }

  @Test
  @DisplayName("without the warm-up the text says the first model ran cold")
  void noWarmup() {
    assertTrue(HowMeasured.text(report(0, new JsonArray().add(round("mp")))).startsWith("Measured: with no shared"
        + " warm-up (the first model measured ran on cold JVMs"));
  }

  @Test
  @DisplayName("a report written before 'measured' existed has no such sentence")
  void oldReport() {
    assertNull(HowMeasured.text(new JsonObject().put("runs", new JsonArray())));
  }

  @Test
  @DisplayName("the warm-up line names each model and its audit")
  void warmupLine() {
    assertEquals("Warm-up: 8 s each of message-passing, unlocked-shared-state, on every JVM, unmeasured; audits:"
            + " message-passing passed, unlocked-shared-state failed (17 lost updates)",
        HowMeasured.warmupLine(report(8, new JsonArray()).getJsonObject("measured")));
  }

  @Test
  @DisplayName("a rehearsal kill in the warm-up is in the warm-up line and in the text, with its recovery")
  void rehearsal() {
    JsonObject report = report(8, new JsonArray().add(round("message-passing")));
    report.getJsonObject("measured").getJsonArray("warmup").getJsonObject(0).put("rehearsal",
        new JsonObject().put("node", "node-4 (pid 77)").put("atSeconds", 4.012).put("recoverySeconds", 6.0));
    assertEquals("Warm-up: 8 s each of message-passing, unlocked-shared-state, on every JVM, unmeasured; audits:"
            + " message-passing passed, unlocked-shared-state failed (17 lost updates); rehearsal: node-4 (pid 77)"
            + " killed 4 s into the message-passing warm-up, back to 80 % after 6 s",
        HowMeasured.warmupLine(report.getJsonObject("measured")));
    assertTrue(HowMeasured.text(report).endsWith(" A rehearsal kill came first (node-4 (pid 77) killed 4 s into the"
        + " message-passing warm-up, back to 80 % after 6 s), so the survivors of the measured kill had been through"
        + " a takeover before it."));
  }

  @Test
  @DisplayName("a rehearsal that never came back says so")
  void rehearsalNotBack() {
    JsonObject measured = report(8, new JsonArray()).getJsonObject("measured");
    measured.getJsonArray("warmup").getJsonObject(1).put("rehearsal",
        new JsonObject().put("node", "node-3").put("atSeconds", 4.0).putNull("recoverySeconds"));
    assertTrue(HowMeasured.warmupLine(measured).endsWith("; rehearsal: node-3 killed 4 s into the"
        + " unlocked-shared-state warm-up, not back to 80 % by the warm-up's end"));
  }
}
