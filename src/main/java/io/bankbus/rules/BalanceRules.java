package io.bankbus.rules;

import io.bankbus.protocol.BankError;

/** The one rule every model applies to a balance change: never below zero, never past {@code Long.MAX_VALUE}. */
public final class BalanceRules {
  private BalanceRules() {
  }

  /** The balance after adding {@code delta}, or a refusal that names the account. */
  public static long next(String account, long balance, long delta) {
    long next;
    try {
      next = Math.addExact(balance, delta);
    } catch (ArithmeticException overflow) {
      throw BankError.AMOUNT_OVER_LIMIT.exception("account '" + account + "' cannot hold more than "
          + Long.MAX_VALUE + " cents");
    }
    if (next < 0) {
      throw BankError.INSUFFICIENT_FUNDS.exception("account '" + account + "' holds " + balance
          + " cents, " + -delta + " requested");
    }
    return next;
  }
}
