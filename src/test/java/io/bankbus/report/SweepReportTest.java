package io.bankbus.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.audit.AuditResult;
import io.bankbus.customer.LoadRecorder;
import io.bankbus.customer.LoadRun;
import io.bankbus.customer.SweepPlan;
import io.bankbus.customer.Workload;
import io.bankbus.protocol.BankModel;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SweepReportTest {
  private static SweepReport.Measured measured(BankModel model, long lost) {
    SweepPlan.Point point = SweepPlan.points(List.of(model), List.of(SweepPlan.Contention.ONE_ACCOUNT), 4, List.of(),
        Workload.DEFAULTS).get(0);
    AuditResult audit = new AuditResult(100, 100 - lost, 0, 0, 0, 0, 0, lost, lost > 0 ? 1 : 0,
        AuditResult.Mode.OPERATIONS);
    return new SweepReport.Measured(point, new LoadRun.Result(model, "tag", new LoadRecorder(), 2.0, audit, List.of(),
        Double.NaN, List.of(), 0, null, null));
  }

  private static JsonObject sweep(long sharedStateLost) {
    return SweepReport.toJson(List.of(measured(BankModel.MESSAGE_PASSING, 0), measured(BankModel.SHARED_STATE,
        sharedStateLost), measured(BankModel.UNLOCKED_SHARED_STATE, 40)), 2, 64, 1.5, 5, List.of("message-passing",
        "shared-state", "unlocked-shared-state"), 1);
  }

  @Test
  @DisplayName("sweep.json has points and measured, with the issue's field names")
  void fieldNames() {
    JsonObject sweep = sweep(0);
    assertEquals(Set.of("points", "measured"), sweep.fieldNames());
    assertEquals(Set.of("warmupSeconds", "order", "rounds"), sweep.getJsonObject("measured").fieldNames());
    JsonObject point = sweep.getJsonArray("points").getJsonObject(0);
    assertEquals(Set.of("model", "variable", "value", "workload", "throughputOpsPerSecond", "latencyMs", "audit"),
        point.fieldNames());
    assertEquals("contention", point.getString("variable"));
    assertEquals("one-account", point.getString("value"));
    assertEquals(1, point.getJsonObject("workload").getInteger("hotAccounts"));
    assertEquals(4, point.getJsonObject("workload").getInteger("cashiersPerNode"));
  }

  @Test
  @DisplayName("each point's audit says whether it was required: the unlocked model's is not")
  void required() {
    JsonObject sweep = sweep(0);
    List<Boolean> required = sweep.getJsonArray("points").stream()
        .map(p -> ((JsonObject) p).getJsonObject("audit").getBoolean("required")).toList();
    assertEquals(List.of(true, true, false), required);
    assertTrue(SweepReport.auditsPassed(sweep), "the unlocked model's lost updates do not fail the sweep");
  }

  @Test
  @DisplayName("a required audit that failed fails the sweep")
  void failed() {
    assertFalse(SweepReport.auditsPassed(sweep(3)));
  }
}
