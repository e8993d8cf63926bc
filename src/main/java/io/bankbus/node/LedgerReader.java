package io.bankbus.node;

import io.bankbus.audit.LedgerState;
import io.bankbus.protocol.BankModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Gathers the audit's input from any node: what the bank itself recorded, never what customers believe. */
public final class LedgerReader {
  private LedgerReader() {
  }

  /** Asks {@code model}'s wiring ({@link io.bankbus.cashier.ModelWiring#readLedger}) for the bank's record. */
  public static Future<LedgerState> read(Vertx vertx, BankModel model, int ledgerShards, long timeoutMs) {
    return ModelWirings.of(model, NodeOptions.defaults()).readLedger(vertx, ledgerShards, timeoutMs);
  }
}
