package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.BankModel;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  /** Three rounds of everything bench measures, in the order it records them. */
  private static JsonObject report() {
    Map<String, List<Double>> ops = new LinkedHashMap<>();
    ops.put(BenchReport.RAW_RR, List.of(1000.0, 3000.0, 2000.0));
    ops.put(BenchReport.RAW_RR_REPLICATED, List.of(1000.0, 1000.0, 1000.0));
    ops.put(BenchReport.RAW_RR_COPIED, List.of(4000.0, 2500.0, 5000.0));
    ops.put(BenchReport.RAW_LOCK, List.of(500.0, 500.0, 500.0));
    ops.put(BenchReport.RAW_LOCK_LOCAL, List.of(400.0, 400.0, 400.0));
    ops.put(BankModel.MESSAGE_PASSING.wire(), List.of(900.0, 1100.0, 1000.0));
    ops.put(BankModel.SHARED_STATE.wire(), List.of(100.0, 100.0, 100.0));
    ops.put(BankModel.UNLOCKED_SHARED_STATE.wire(), List.of(300.0, 300.0, 300.0));
    ops.put(BenchReport.SS_SINGLE, List.of(450.0, 450.0, 450.0));
    return BenchReport.toJson(new JsonObject().put("nodes", 2), ops,
        Map.of(BenchReport.RAW_LOCK, List.of(0.0, 0.0, 0.0)));
  }

  private static JsonObject ratio(JsonObject report, String name) {
    return report.getJsonArray("ratios").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("ratio").equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
  }

  @Test
  @DisplayName("bench.json: medians over the rounds, ratios against their targets, fields in their fixed order")
  void mediansAndRatios() {
    JsonObject report = report();

    assertEquals(List.of("setup", "opsPerSecondMedian", "opsPerSecondRounds", "ratios", "lockLoopLostUpdatesRounds"),
        List.copyOf(report.fieldNames()));
    assertEquals(2000.0, report.getJsonObject("opsPerSecondMedian").getDouble(BenchReport.RAW_RR));
    JsonObject first = report.getJsonArray("ratios").getJsonObject(0);
    assertEquals("message-passing / raw request-reply", first.getString("ratio"));
    assertEquals(0.5, first.getDouble("value"));
    assertEquals(0.3, first.getDouble("target"), "issue 15's target");
    assertTrue(first.getBoolean("met"), "0.5 meets the target of 0.3");
    assertEquals(10.0, ratio(report, "message-passing / shared-state").getDouble("value"));
    String table = BenchReport.table(report);
    assertTrue(table.contains("raw request/reply                2000.0   [1000.0, 3000.0, 2000.0]"), table);
    assertTrue(table.contains("shared-state, hot mix / raw lock loop             0.200      0.8  NO"), table);
  }

  @Test
  @DisplayName("bench.json has the median of the copy-to-member request/reply next to the replicated one's")
  void copiedMedianInJson() {
    List<String> measured = List.copyOf(report().getJsonObject("opsPerSecondMedian").fieldNames());

    assertEquals(measured.indexOf(BenchReport.RAW_RR_REPLICATED) + 1, measured.indexOf(BenchReport.RAW_RR_COPIED),
        measured.toString());
  }

  @Test
  @DisplayName("bench.json has message-passing ÷ copy-to-member request/reply next to the replicated ratio")
  void copiedRatioInJson() {
    JsonObject next = report().getJsonArray("ratios").getJsonObject(2);

    assertEquals(new JsonObject().put("ratio", "message-passing / raw r/r + copy to member").put("value", 0.25), next,
        "a durable baseline's ratio has no target");
  }

  @Test
  @DisplayName("the table prints the copy-to-member request/reply's median and rounds")
  void copiedRowInTable() {
    String table = BenchReport.table(report());

    assertTrue(table.contains("raw r/r + copy to member         4000.0   [4000.0, 2500.0, 5000.0]"), table);
  }

  @Test
  @DisplayName("the table prints message-passing ÷ copy-to-member request/reply with a dash for its target")
  void copiedRatioInTable() {
    String table = BenchReport.table(report());

    assertTrue(table.contains("message-passing / raw r/r + copy to member        0.250        -  -"), table);
  }
}
