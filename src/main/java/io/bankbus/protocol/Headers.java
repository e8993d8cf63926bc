package io.bankbus.protocol;

/** Event-bus message headers the bank sets. */
public final class Headers {
  /**
   * Correlation id: the visit id, carried from customer to cashier to ledger so one visit can be followed
   * through the logs of every node it touched.
   */
  public static final String CORRELATION_ID = "bankbus-cid";

  private Headers() {
  }
}
