package io.bankbus.customer;

import io.bankbus.rules.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What customers do, as validated configuration. The same workload and seed give the same sequence of
 * visits (accounts, operations, amounts) on every run.
 *
 * @param accounts           accounts opened before the load
 * @param openingCents       opening amount of each account
 * @param opsPerVisit        operations per visit
 * @param mix                relative weights of deposit, withdraw, transfer, balance
 * @param hotAccountFraction share of accounts that are hot, e.g. 0.01
 * @param hotShare           share of operations that go to a hot account, e.g. 0.5
 * @param maxAmountCents     largest amount a customer moves in one operation
 * @param seed               random seed
 */
public record Workload(int accounts, long openingCents, int opsPerVisit, Mix mix, double hotAccountFraction,
                       double hotShare, long maxAmountCents, long seed) {

  public static final Workload DEFAULTS = new Workload(1_000, 100_000, 3, Mix.DEFAULT, 0.01, 0.5, 5_000, 42);

  public Workload {
    Checks.range("accounts", accounts, 2, 1_000_000);
    Checks.require(openingCents >= 0, "opening amount must be zero or more, got " + openingCents);
    Checks.range("operations per visit", opsPerVisit, 1, 100);
    Checks.require(hotAccountFraction > 0 && hotAccountFraction <= 1,
        "hot account fraction must be in (0, 1], got " + hotAccountFraction);
    Checks.require(hotShare >= 0 && hotShare <= 1, "hot share must be in [0, 1], got " + hotShare);
    Checks.require(maxAmountCents >= 1, "largest amount must be at least 1, got " + maxAmountCents);
  }

  /** Number of hot accounts: at least one. */
  public int hotAccounts() {
    return Math.max(1, (int) Math.round(accounts * hotAccountFraction));
  }

  /** Relative weights of the four customer operations. */
  public record Mix(int deposit, int withdraw, int transfer, int balance) {
    public static final Mix DEFAULT = new Mix(30, 20, 30, 20);

    public Mix {
      if (deposit < 0 || withdraw < 0 || transfer < 0 || balance < 0 || deposit + withdraw + transfer + balance == 0) {
        throw new IllegalArgumentException("mix weights must be zero or more and not all zero");
      }
    }

    public int total() {
      return deposit + withdraw + transfer + balance;
    }

    /** Parses {@code deposit=30,withdraw=20,transfer=30,balance=20}; operations left out weigh 0. */
    public static Mix parse(String text) {
      Map<String, Integer> weights = new LinkedHashMap<>();
      for (String part : text.split(",")) {
        String[] kv = part.trim().split("=");
        if (kv.length != 2 || !Map.of("deposit", 0, "withdraw", 0, "transfer", 0, "balance", 0).containsKey(kv[0].trim())) {
          throw new IllegalArgumentException("'" + text + "' is not a mix like deposit=30,withdraw=20,transfer=30,balance=20");
        }
        try {
          weights.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("mix weight '" + kv[1] + "' is not a whole number");
        }
      }
      return new Mix(weights.getOrDefault("deposit", 0), weights.getOrDefault("withdraw", 0),
          weights.getOrDefault("transfer", 0), weights.getOrDefault("balance", 0));
    }

    @Override
    public String toString() {
      return "deposit=" + deposit + ",withdraw=" + withdraw + ",transfer=" + transfer + ",balance=" + balance;
    }
  }
}
