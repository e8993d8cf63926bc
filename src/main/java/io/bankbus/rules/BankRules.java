package io.bankbus.rules;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.vertx.core.json.JsonObject;

/**
 * The bank's rules: set when the bank starts, then only ever read. Immutable, so every cashier on a node
 * reads the same instance with no lock, and every node adopts the cluster's copy when it joins
 * ({@link RulesBoard}).
 *
 * @param maxAmountCents      largest amount of a single deposit, withdrawal, transfer or opening
 * @param waitingRoomSize     customers a branch lets wait; one more gets {@link BankError#BANK_FULL}
 * @param visitIdleTimeoutMs  a cashier ends a visit whose customer sent nothing for this long
 * @param ledgerShards        number of ledger shards (message-passing model); fixed for the bank's life
 * @param requestTimeoutMs    how long a cashier waits for a ledger reply before answering UNAVAILABLE
 * @param lockTimeoutMs       how long a shared-state cashier waits for an account's lock before answering
 *                            {@link BankError#LOCK_TIMEOUT}
 * @param dedupWindowMs       how long the bank remembers an applied operation id (and keeps its journal entry):
 *                            a retry within the window replays the first result, a retry after it would be
 *                            applied again. It bounds the bank's memory; customers must give up on an id well
 *                            within it (the default retry policy spans about a minute)
 */
public record BankRules(long maxAmountCents, int waitingRoomSize, long visitIdleTimeoutMs, int ledgerShards,
                        long requestTimeoutMs, long lockTimeoutMs, long dedupWindowMs) {

  public static final long MIN_DEDUP_WINDOW_MS = 5_000;
  /**
   * Kept off a dedup window on top of patience and reply timeout by whoever resends an operation (a customer's
   * retry, a cashier finishing a transfer): clocks, delivery, GC pauses.
   */
  public static final long DEDUP_SAFETY_MS = 10_000;
  public static final long MAX_DEDUP_WINDOW_MS = 86_400_000;
  /** Enough ledger shards for 8 nodes to own 2 each (shards spread as nodes join). */
  public static final int DEFAULT_LEDGER_SHARDS = 16;
  public static final BankRules DEFAULTS = new BankRules(1_000_000_00L, 1_000, 10_000, DEFAULT_LEDGER_SHARDS, 5_000,
      2_000, 120_000);

  /** With the default dedup window. */
  public BankRules(long maxAmountCents, int waitingRoomSize, long visitIdleTimeoutMs, int ledgerShards,
                   long requestTimeoutMs, long lockTimeoutMs) {
    this(maxAmountCents, waitingRoomSize, visitIdleTimeoutMs, ledgerShards, requestTimeoutMs, lockTimeoutMs,
        DEFAULTS.dedupWindowMs);
  }

  public BankRules {
    Checks.require(maxAmountCents >= 1, "maxAmountCents must be at least 1, got " + maxAmountCents);
    Checks.range("waitingRoomSize", waitingRoomSize, 1, 1_000_000);
    Checks.range("visitIdleTimeoutMs", visitIdleTimeoutMs, 100, 3_600_000);
    Checks.range("ledgerShards", ledgerShards, 1, 1024);
    Checks.range("requestTimeoutMs", requestTimeoutMs, 100, 600_000);
    Checks.range("lockTimeoutMs", lockTimeoutMs, 10, 600_000);
    Checks.range("dedupWindowMs", dedupWindowMs, MIN_DEDUP_WINDOW_MS, MAX_DEDUP_WINDOW_MS);
  }

  public BankRules withMaxAmountCents(long v) {
    return new BankRules(v, waitingRoomSize, visitIdleTimeoutMs, ledgerShards, requestTimeoutMs, lockTimeoutMs, dedupWindowMs);
  }

  public BankRules withWaitingRoomSize(int v) {
    return new BankRules(maxAmountCents, v, visitIdleTimeoutMs, ledgerShards, requestTimeoutMs, lockTimeoutMs, dedupWindowMs);
  }

  public BankRules withVisitIdleTimeoutMs(long v) {
    return new BankRules(maxAmountCents, waitingRoomSize, v, ledgerShards, requestTimeoutMs, lockTimeoutMs, dedupWindowMs);
  }

  public BankRules withLedgerShards(int v) {
    return new BankRules(maxAmountCents, waitingRoomSize, visitIdleTimeoutMs, v, requestTimeoutMs, lockTimeoutMs, dedupWindowMs);
  }

  public BankRules withRequestTimeoutMs(long v) {
    return new BankRules(maxAmountCents, waitingRoomSize, visitIdleTimeoutMs, ledgerShards, v, lockTimeoutMs, dedupWindowMs);
  }

  public BankRules withLockTimeoutMs(long v) {
    return new BankRules(maxAmountCents, waitingRoomSize, visitIdleTimeoutMs, ledgerShards, requestTimeoutMs, v, dedupWindowMs);
  }

  public BankRules withDedupWindowMs(long v) {
    return new BankRules(maxAmountCents, waitingRoomSize, visitIdleTimeoutMs, ledgerShards, requestTimeoutMs,
        lockTimeoutMs, v);
  }

  /** Refuses an operation whose amount breaks the limit; balances are the ledger's business. */
  public void check(Operation op) {
    if (op.amount() > maxAmountCents) {
      throw BankError.AMOUNT_OVER_LIMIT.exception("amount " + op.amount() + " exceeds the limit of "
          + maxAmountCents + " cents");
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("maxAmountCents", maxAmountCents)
        .put("waitingRoomSize", waitingRoomSize)
        .put("visitIdleTimeoutMs", visitIdleTimeoutMs)
        .put("ledgerShards", ledgerShards)
        .put("requestTimeoutMs", requestTimeoutMs)
        .put("lockTimeoutMs", lockTimeoutMs)
        .put("dedupWindowMs", dedupWindowMs);
  }

  public static BankRules fromJson(JsonObject json) {
    return new BankRules(
        json.getLong("maxAmountCents"),
        json.getInteger("waitingRoomSize"),
        json.getLong("visitIdleTimeoutMs"),
        json.getInteger("ledgerShards"),
        json.getLong("requestTimeoutMs"),
        json.getLong("lockTimeoutMs"),
        json.getLong("dedupWindowMs"));
  }
}
