package io.bankbus.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.support.Scripts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * scripts/soak.sh, the CI version: a minute per model at twice the measured capacity, with the dedup window
 * cut to 30 s so that the bank's memory has to stop growing well within the minute (and customers' patience and
 * reply timeout cut so that their retries still end within that window).
 */
class SoakScriptIT {
  private static final Path ROOT = Scripts.ROOT;

  @Test
  @DisplayName("soak.sh, 60 s at 2x capacity: BANK_FULL refusals, heaps after GC flat past the dedup window, audits pass")
  void oneMinuteAtTwiceCapacity() throws Exception {
    Path out = ROOT.resolve("target/soak-it");
    String output = Scripts.run("soak.sh", "soak-it.out", 10, "--duration", "60", "--dedup-window", "30",
        "--patience", "8000", "--operation-timeout", "5000", "--heap-every", "3", "--output", out.toString(),
        "--heap", "384m");

    JsonArray runs = new JsonObject(Files.readString(out.resolve("report.json"))).getJsonArray("runs");
    List<String> models = new ArrayList<>();
    for (Object o : runs) {
      JsonObject run = (JsonObject) o;
      models.add(run.getString("model"));
      JsonObject ops = run.getJsonObject("operations");
      assertTrue(run.getDouble("arrivalsPerSecond") > 0, run.encode());
      assertTrue(ops.getLong("bankFull") > 0, "twice the capacity must overflow the waiting room: " + ops.encode());
      double served = run.getLong("visits") / run.getDouble("durationSeconds");
      assertTrue(served < 0.9 * run.getDouble("arrivalsPerSecond"),
          "overloaded: fewer visits served than arrived, the rest refused; served " + served + "/s: " + run.encode());
      assertTrue(run.getJsonObject("queueWaitMs").getDouble("max") < 60_000,
          "the waiting room is bounded, so is the wait: " + run.getJsonObject("queueWaitMs").encode());
      JsonObject audit = run.getJsonObject("audit");
      assertEquals("balances", audit.getString("mode"), "a minute outlasts a 30 s window: " + audit.encode());
      assertTrue(audit.getBoolean("passed"), run.getString("model") + " audit: " + audit.encode());
      JsonArray heap = run.getJsonArray("heap");
      assertEquals(3, heap.size(), "two nodes and the load process: " + heap.encode());
      for (Object h : heap) {
        JsonObject process = (JsonObject) h;
        assertEquals("flat", process.getString("verdict"), run.getString("model") + ": " + process.encode());
      }
    }
    assertEquals(List.of("message-passing", "shared-state"), models);
    assertTrue(output.contains("capacity") && output.contains("heap after GC"), output);
  }
}
