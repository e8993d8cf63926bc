package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PartitionReportTest {
  private static JsonObject run(String model, JsonObject partition, long lost, long cents) {
    return new JsonObject().put("model", model)
        .put("operations", new JsonObject().put("succeeded", 5_000).put("failed", 3))
        .put("audit", new JsonObject().put("lostUpdates", lost).put("duplicateApplications", 0).put("accountsOff", 2)
            .put("expectedTotal", 1_000_000).put("actualTotal", 1_000_000 + cents))
        .put("partition", partition);
  }

  private static JsonObject partition(Long answeredApart) {
    return new JsonObject().put("events", new JsonArray()
            .add(new JsonObject().put("atSeconds", 5.0).put("kind", "partition"))
            .add(new JsonObject().put("atSeconds", 15.0).put("kind", "heal")))
        .put("sides", "hosts 3 cut off").put("answersWhileApart", new JsonObject().put("OK", 10))
        .put("unavailableSeconds", 4).put("wholeAfterSeconds", 6.25).put("apartNodes", new JsonArray().add("n3"))
        .put("ledgerAnsweredApart", answeredApart).putNull("failure");
  }

  @Test
  @DisplayName("the partition table has a row per partitioned run, with the audit's counts and what the cut-off side answered")
  void table() {
    JsonArray runs = new JsonArray().add(run("message-passing", partition(0L), 0, 0))
        .add(run("unlocked-shared-state", partition(null), 120, -4_500)).add(run("shared-state", null, 0, 0));
    String[] lines = PartitionReport.table(runs).split("\n");
    assertEquals(3, lines.length, String.join("\n", lines));
    assertTrue(lines[0].startsWith("partition: model"), lines[0]);
    assertEquals(java.util.List.of("message-passing", "5000", "3", "0", "0", "2", "+0", "4s", "0", "6.3", "s"),
        java.util.List.of(lines[1].trim().split(" +")));
    assertEquals(java.util.List.of("unlocked-shared-state", "5000", "3", "120", "0", "2", "-4500", "4s", "-", "6.3",
        "s"), java.util.List.of(lines[2].trim().split(" +")));
    assertEquals("", PartitionReport.table(new JsonArray().add(run("shared-state", null, 0, 0))));
  }

  @Test
  @DisplayName("the partition line says what the cut-off nodes answered while apart, and shouts if it is not nothing")
  void line() {
    assertTrue(PartitionReport.line(run("message-passing", partition(0L), 0, 0))
        .contains("the 1 node cut off answered 0 ledger operations while apart (a minority acknowledges nothing)"));
    assertTrue(PartitionReport.line(run("message-passing", partition(3L), 0, 0))
        .contains("answered 3 ledger operations while apart (A MINORITY MUST ACKNOWLEDGE NOTHING)"));
    assertTrue(!PartitionReport.line(run("shared-state", partition(null), 0, 0)).contains("cut off answered"));
  }
}
