package io.bankbus.protocol;

/** The operations of the bank, by their wire name in the {@code op} field. */
public enum OpType {
  /** Opens an account with an opening amount (zero allowed). */
  OPEN("open", true, true),
  DEPOSIT("deposit", true, true),
  WITHDRAW("withdraw", true, true),
  /** Moves money between two accounts; across ledger shards it runs as a debit and a credit. */
  TRANSFER("transfer", true, true),
  BALANCE("balance", false, true),
  /** Ledger-internal leg of a cross-shard transfer: takes money out. */
  DEBIT("debit", true, false),
  /** Ledger-internal leg of a cross-shard transfer: puts money in (also used for a refund). */
  CREDIT("credit", true, false);

  private final String wire;
  private final boolean mutating;
  private final boolean customerFacing;

  OpType(String wire, boolean mutating, boolean customerFacing) {
    this.wire = wire;
    this.mutating = mutating;
    this.customerFacing = customerFacing;
  }

  public String wire() {
    return wire;
  }

  /** Mutating operations carry an operation id and are applied at most once per id. */
  public boolean mutating() {
    return mutating;
  }

  /** Whether a customer may ask a cashier for it (the others are between cashier and ledger). */
  public boolean customerFacing() {
    return customerFacing;
  }

  /** Whether it names a second account in {@code to}: a transfer's destination, a leg's counterparty. */
  public boolean hasCounterparty() {
    return this == TRANSFER || this == DEBIT || this == CREDIT;
  }

  private static final OpType[] ALL = values();      // values() copies the array at every call

  public static OpType ofWire(String wire) {
    for (OpType t : ALL) {
      if (t.wire.equals(wire)) {
        return t;
      }
    }
    return null;
  }
}
