package io.bankbus.protocol;

/**
 * How the cashiers of a bank reach the balances. Each model has its own queue and cashier addresses, so
 * several models can run side by side in one cluster; the protocol a customer speaks is the same for all.
 */
public enum BankModel {
  /** Each account has one owner verticle (a ledger shard); cashiers send it messages. No locks. */
  MESSAGE_PASSING("message-passing");

  private final String wire;

  BankModel(String wire) {
    this.wire = wire;
  }

  /** The name used on the command line and in addresses. */
  public String wire() {
    return wire;
  }

  public static BankModel ofWire(String wire) {
    for (BankModel m : values()) {
      if (m.wire.equals(wire)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown model '" + wire + "'; known: " + java.util.Arrays.stream(values())
        .map(BankModel::wire).toList());
  }
}
