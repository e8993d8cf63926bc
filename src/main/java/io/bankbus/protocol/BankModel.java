package io.bankbus.protocol;

import java.util.Arrays;

/**
 * How the cashiers of a bank reach the balances. Each model has its own ticket and cashier addresses, so the
 * three can run side by side in one cluster; the protocol a customer speaks is the same for all.
 */
public enum BankModel {
  /** Each account has one owner verticle (a ledger shard); event-loop cashiers send it messages. No locks. */
  MESSAGE_PASSING("message-passing", false, false),
  /**
   * Worker cashiers read-modify-write balances in one clustered SharedData map, each account under its
   * cluster-wide lock.
   */
  SHARED_STATE("shared-state", true, true),
  /** The same code path as {@link #SHARED_STATE} without the lock: concurrent updates get lost. */
  UNLOCKED_SHARED_STATE("unlocked-shared-state", true, false);

  private final String wire;
  private final boolean sharedMap;
  private final boolean locked;

  BankModel(String wire, boolean sharedMap, boolean locked) {
    this.wire = wire;
    this.sharedMap = sharedMap;
    this.locked = locked;
  }

  /** The name used on the command line, in addresses and in reports. */
  public String wire() {
    return wire;
  }

  /** Balances live in a clustered SharedData map (rather than in ledger shard owners). */
  public boolean sharedMap() {
    return sharedMap;
  }

  /** Every read-modify-write takes the account's cluster-wide lock. */
  public boolean locked() {
    return locked;
  }

  public static BankModel ofWire(String wire) {
    for (BankModel m : values()) {
      if (m.wire.equals(wire)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown model '" + wire + "'; known: "
        + String.join(", ", Arrays.stream(values()).map(BankModel::wire).toList()));
  }
}
