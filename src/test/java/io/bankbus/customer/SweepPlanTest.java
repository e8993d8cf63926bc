package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.customer.SweepPlan.Contention;
import io.bankbus.customer.SweepPlan.Point;
import io.bankbus.customer.SweepPlan.Variable;
import io.bankbus.protocol.BankModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
  private static final List<BankModel> MODELS = List.of(BankModel.MESSAGE_PASSING, BankModel.SHARED_STATE,
      BankModel.UNLOCKED_SHARED_STATE);
  private static final List<Contention> LEVELS = List.of(Contention.values());

  private static List<Point> defaultPlan() {
    return SweepPlan.points(MODELS, LEVELS, 4, List.of(1, 2, 4, 8, 16), Workload.DEFAULTS);
  }

  @Test
  @DisplayName("the default plan has every model at each of 4 contention levels and each of 5 cashier counts")
  void everyModelAtEveryValue() {
    List<Point> plan = defaultPlan();
    assertEquals(3 * (4 + 5), plan.size());
    for (BankModel model : MODELS) {
      List<Object> contention = plan.stream().filter(p -> p.model() == model && p.variable() == Variable.CONTENTION)
          .map(Point::value).toList();
      List<Object> cashiers = plan.stream().filter(p -> p.model() == model && p.variable() == Variable.CASHIERS)
          .map(Point::value).toList();
      assertEquals(List.of("uniform", "hot-1pc-half", "ten-accounts-90pc", "one-account"), contention, model.wire());
      assertEquals(List.of(1, 2, 4, 8, 16), cashiers, model.wire());
    }
  }

  @Test
  @DisplayName("contention points run at the contention cashiers; cashier points at their own count and the default contention")
  void cashiersAndWorkloadOfEachPoint() {
    for (Point p : defaultPlan()) {
      if (p.variable() == Variable.CONTENTION) {
        assertEquals(4, p.cashiersPerNode(), p.toString());
      } else {
        assertEquals(p.value(), p.cashiersPerNode(), p.toString());
        assertEquals(10, p.workload().hotAccounts(), p.toString());
        assertEquals(0.5, p.workload().hotShare(), p.toString());
      }
    }
  }

  @Test
  @DisplayName("the four contention levels spread operations over all accounts, 10 taking half, 10 taking 90 %, and one taking all")
  void contentionLevels() {
    Workload base = Workload.DEFAULTS;
    Workload uniform = Contention.UNIFORM.apply(base);
    assertEquals(1000, uniform.hotAccounts(), "every account hot is every account equally likely");
    assertEquals(List.of(10, 10, 1), List.of(Contention.DEFAULT.apply(base).hotAccounts(),
        Contention.TEN_ACCOUNTS.apply(base).hotAccounts(), Contention.ONE_ACCOUNT.apply(base).hotAccounts()));
    assertEquals(List.of(0.5, 0.9, 1.0), List.of(Contention.DEFAULT.apply(base).hotShare(),
        Contention.TEN_ACCOUNTS.apply(base).hotShare(), Contention.ONE_ACCOUNT.apply(base).hotShare()));
    Workload small = new Workload(200, 100_000, 3, Workload.Mix.DEFAULT, 0.01, 0.5, 5_000, 7);
    assertEquals(10, Contention.TEN_ACCOUNTS.apply(small).hotAccounts(), "ten accounts, whatever the number of accounts");
    assertEquals(1, Contention.ONE_ACCOUNT.apply(small).hotAccounts());
    assertEquals(7, Contention.ONE_ACCOUNT.apply(small).seed(), "the base's seed, mix and accounts are kept");
  }

  @Test
  @DisplayName("points are grouped by the bank they need, in the order their first point appears")
  void grouping() {
    Map<Integer, List<Point>> banks = SweepPlan.byBank(defaultPlan());
    assertEquals(List.of(4, 1, 2, 8, 16), List.copyOf(banks.keySet()), "the contention bank (4 cashiers) first");
    assertEquals(3 * 4 + 3, banks.get(4).size(), "the contention points and the 4-cashier points share a bank");
    assertEquals(3, banks.get(16).size());
    assertTrue(banks.get(4).subList(0, 12).stream().allMatch(p -> p.variable() == Variable.CONTENTION),
        "plan order within a bank");
  }

  @Test
  @DisplayName("a sweep with fewer than 20 accounts, a model or a count listed twice, or no model is refused")
  void refusals() {
    Workload tiny = new Workload(10, 100_000, 3, Workload.Mix.DEFAULT, 0.1, 0.5, 5_000, 1);
    assertThrows(IllegalArgumentException.class, () -> SweepPlan.points(MODELS, LEVELS, 4, List.of(1), tiny));
    assertThrows(IllegalArgumentException.class, () -> SweepPlan.points(List.of(BankModel.SHARED_STATE,
        BankModel.SHARED_STATE), LEVELS, 4, List.of(1), Workload.DEFAULTS));
    assertThrows(IllegalArgumentException.class, () -> SweepPlan.points(MODELS, LEVELS, 4, List.of(2, 2),
        Workload.DEFAULTS));
    assertThrows(IllegalArgumentException.class, () -> SweepPlan.points(List.of(), LEVELS, 4, List.of(1),
        Workload.DEFAULTS));
  }
}
