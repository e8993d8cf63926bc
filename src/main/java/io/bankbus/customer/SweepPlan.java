package io.bankbus.customer;

import io.bankbus.protocol.BankModel;
import io.bankbus.rules.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points of a sweep, in the order they are reported: every model at every contention level (on banks of
 * {@code contentionCashiers} cashiers per node), then every model at every number of cashiers per node (at the
 * default contention). Pure: what to run, not how.
 */
public final class SweepPlan {
  private SweepPlan() {
  }

  /** What a series of points varies. */
  public enum Variable {
    CONTENTION, CASHIERS;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How the operations spread over the accounts, from none aimed at the same account to all at one. */
  public enum Contention {
    /** Every account equally likely: all of them "hot", taking every operation. */
    UNIFORM("uniform", "uniform"),
    /** The load's default: 1 % of the accounts take half of the operations. */
    DEFAULT("hot-1pc-half", "1 % take 50 %"),
    /** 90 % of the operations on 10 accounts. */
    TEN_ACCOUNTS("ten-accounts-90pc", "10 take 90 %"),
    /** Every operation on one account (a transfer's other side is any other account). */
    ONE_ACCOUNT("one-account", "1 takes all");

    private final String wire;
    private final String label;

    Contention(String wire, String label) {
      this.wire = wire;
      this.label = label;
    }

    public String wire() {
      return wire;
    }

    /** For a chart's axis: how many accounts take what share of the operations. */
    public String label() {
      return label;
    }

    /** {@code base} with this spread of operations over its accounts (needs at least 20 accounts). */
    public Workload apply(Workload base) {
      int n = base.accounts();
      Checks.require(n >= MIN_ACCOUNTS, "a sweep needs at least " + MIN_ACCOUNTS + " accounts, got " + n);
      double[] hot = switch (this) {
        case UNIFORM -> new double[] {1.0, 1.0};
        case DEFAULT -> new double[] {Workload.DEFAULTS.hotAccountFraction(), Workload.DEFAULTS.hotShare()};
        case TEN_ACCOUNTS -> new double[] {10.0 / n, 0.9};
        case ONE_ACCOUNT -> new double[] {1.0 / n, 1.0};
      };
      return new Workload(n, base.openingCents(), base.opsPerVisit(), base.mix(), hot[0], hot[1],
          base.maxAmountCents(), base.seed());
    }
  }

  /** Ten hot accounts must be a minority of them. */
  public static final int MIN_ACCOUNTS = 20;

  /**
   * One audited run: {@code model} on a bank of {@code cashiersPerNode} cashiers per node, customers doing
   * {@code workload}; {@code value} is the contention level's wire name or the number of cashiers.
   */
  public record Point(BankModel model, Variable variable, Object value, int cashiersPerNode, Workload workload) {
  }

  /**
   * @param base               the workload whose accounts, mix and seed every point keeps
   * @param contentionCashiers cashiers per node for the contention points
   * @param cashiers           the numbers of cashiers per node of the cashier points, at the default contention
   */
  public static List<Point> points(List<BankModel> models, List<Contention> levels, int contentionCashiers,
                                   List<Integer> cashiers, Workload base) {
    Checks.require(!models.isEmpty(), "a sweep needs at least one model");
    Checks.require(models.stream().distinct().count() == models.size(), "a model is listed twice: " + models);
    Checks.require(cashiers.stream().distinct().count() == cashiers.size(), "a number of cashiers is listed twice: "
        + cashiers);
    Checks.require(levels.stream().distinct().count() == levels.size(), "a contention level is listed twice: " + levels);
    List<Point> points = new ArrayList<>();
    for (Contention level : levels) {
      Workload workload = level.apply(base);
      models.forEach(m -> points.add(new Point(m, Variable.CONTENTION, level.wire(), contentionCashiers, workload)));
    }
    Workload usual = Contention.DEFAULT.apply(base);
    for (int n : cashiers) {
      models.forEach(m -> points.add(new Point(m, Variable.CASHIERS, n, n, usual)));
    }
    return points;
  }

  /**
   * The points grouped by the bank they need (cashiers per node are fixed when a node starts), banks in the
   * order their first point appears, points in plan order within each.
   */
  public static Map<Integer, List<Point>> byBank(List<Point> points) {
    Map<Integer, List<Point>> banks = new LinkedHashMap<>();
    points.forEach(p -> banks.computeIfAbsent(p.cashiersPerNode(), c -> new ArrayList<>()).add(p));
    return banks;
  }
}
