package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PartitionPlanTest {
  @Test
  @DisplayName("only whole seconds inside [from, until) count as answered while apart")
  void within() {
    JsonArray seconds = new JsonArray("[[9000,5],[10000,1],[11000,2],[12000,4],[13000,8]]");
    assertEquals(1 + 2 + 4, PartitionPlan.within(seconds, 10_000, 13_000));
    assertEquals(2, PartitionPlan.within(seconds, 10_500, 12_999), "the seconds cut by either end are left out");
    assertEquals(0, PartitionPlan.within(new JsonArray(), 0, Long.MAX_VALUE));
  }
}
