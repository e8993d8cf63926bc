package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bankbus.protocol.BankModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BankSideCountTest {
  private static JsonObject status(String node, long at, long mp, long ss) {
    return new JsonObject().put("node", node).put("at", at).put("models", new JsonArray()
        .add(new JsonObject().put("model", "message-passing").put("operationsTotal", mp))
        .add(new JsonObject().put("model", "shared-state").put("operationsTotal", ss)));
  }

  @Test
  @DisplayName("the count adds up each node's change in its model's operations between begin and end")
  void countsEachNodesChangeWhileCountingOnlyForItsModel() {
    BankSideCount count = new BankSideCount(BankModel.MESSAGE_PASSING);
    count.sample(status("n1", 500, 10, 0));                       // before begin(): not counted
    count.begin();
    count.sample(status("n1", 1_000, 100, 7));
    count.sample(status("n2", 1_200, 50, 7));
    count.sample(status("n1", 11_000, 1_100, 9_999));
    count.sample(status("n2", 6_200, 550, 9_999));                // killed after this one
    count.sample(new JsonObject().put("node", "n3").put("at", "soon"));   // unreadable: ignored
    BankSideCount.Result result = count.end().result();
    count.sample(status("n1", 12_000, 5_000, 0));                 // after end(): not counted
    assertEquals(1_000 + 500, result.operations());
    assertEquals(10.0, result.seconds());
    assertEquals(150.0, result.opsPerSecond());
  }

  @Test
  @DisplayName("without two statuses of some node there is no count")
  void noCountWithoutTwoStatusesOfANode() {
    BankSideCount count = new BankSideCount(BankModel.SHARED_STATE);
    count.begin();
    count.sample(status("n1", 1_000, 1, 2));
    assertNull(count.end().result());
  }
}
