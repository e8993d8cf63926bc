package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {
  @Test
  @DisplayName("with every operation on one account, each operation touches it and each transfer goes to another account")
  void oneAccount() {
    Workload one = SweepPlan.Contention.ONE_ACCOUNT.apply(Workload.DEFAULTS);
    WorkloadGenerator generator = new WorkloadGenerator(one, "t", 0);
    String hot = WorkloadGenerator.account("t", 0);
    Set<String> others = new HashSet<>();
    int transfers = 0;
    for (int v = 0; v < 500; v++) {
      for (Operation op : generator.nextVisit()) {
        assertEquals(hot, op.account(), op.toString());
        if (op.type() == OpType.TRANSFER) {
          transfers++;
          assertNotEquals(hot, op.to(), op.toString());
          others.add(op.to());
        }
      }
    }
    assertTrue(transfers > 300, "the mix's 30 % transfers: " + transfers);
    assertTrue(others.size() > 100, "transfers spread over the other accounts: " + others.size());
  }
}
