package io.bankbus.sharedstate;

import io.bankbus.protocol.ClusterNames;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

/**
 * The state of a shared-state bank, in two clustered SharedData maps per model:
 * {@code bankbus.<model>.accounts} (account id to {@link AccountValue}: balance in cents and write count) and {@code bankbus.<model>.applied}
 * (operation id to a record of the operation: {@code {"op": {...}, "state": "pending"|"done", "node": claimant,
 * "balance": n, "toBalance": n}}, plus {@code "recovered": true} when another node settled it after its
 * claimant died). Every node reaches the same maps; every access is a network call to the Hazelcast
 * partition that owns the key.
 *
 * <p>A "done" record expires after the dedup window (Hazelcast's time-to-live), so the applied map holds one
 * window of operations however long the bank runs. A pending claim does not expire: it is settled or removed.
 */
public final class SharedAccounts {
  public static final String PENDING = "pending";
  public static final String DONE = "done";

  private final Future<AsyncMap<String, String>> balances;
  private final Future<AsyncMap<String, JsonObject>> applied;

  private final long doneTtlMs;

  private SharedAccounts(Future<AsyncMap<String, String>> balances, Future<AsyncMap<String, JsonObject>> applied,
                         long doneTtlMs) {
    this.balances = balances;
    this.applied = applied;
    this.doneTtlMs = doneTtlMs;
  }

  /** For reading; what it records expires after the default dedup window. */
  public static SharedAccounts of(Vertx vertx, BankModel model) {
    return of(vertx, model, BankRules.DEFAULTS.dedupWindowMs());
  }

  /** @param dedupWindowMs how long a "done" record is kept (the bank rule of the same name) */
  public static SharedAccounts of(Vertx vertx, BankModel model, long dedupWindowMs) {
    return new SharedAccounts(vertx.sharedData().getAsyncMap(ClusterNames.balancesMap(model)),
        vertx.sharedData().getAsyncMap(ClusterNames.appliedMap(model)), dedupWindowMs);
  }

  /** Over maps of the caller's (tests put faults in them). */
  static SharedAccounts of(Future<AsyncMap<String, String>> balances, Future<AsyncMap<String, JsonObject>> applied,
                           long dedupWindowMs) {
    return new SharedAccounts(balances, applied, dedupWindowMs);
  }

  /** The account's value, or {@code null} if it is not open. */
  public Future<String> value(String account) {
    return balances.compose(m -> m.get(account));
  }

  /** Opens {@code account}; the result is the value already there ({@code null} if it was not open). */
  public Future<String> open(String account, long amount, String opId, String node) {
    return balances.compose(m -> m.putIfAbsent(account, new AccountValue(amount, 1, opId, node).encode()));
  }

  /** Compare-and-set: writes only if the stored value is still {@code expected}, byte for byte. */
  public Future<Boolean> replace(String account, String expected, AccountValue next) {
    return balances.compose(m -> m.replaceIfPresent(account, expected, next.encode()));
  }

  /** A blind write, as naive read-modify-write code does it. */
  public Future<Void> put(String account, AccountValue next) {
    return balances.compose(m -> m.put(account, next.encode()));
  }

  /** Claims an operation id; the result is the record already there, or {@code null} if the claim is ours. */
  public Future<JsonObject> claim(Operation op, String node) {
    return applied.compose(m -> m.putIfAbsent(op.opId(), pending(op, node)));
  }

  private static JsonObject pending(Operation op, String node) {
    return new JsonObject().put("op", op.toJson()).put("state", PENDING).put("node", node);
  }

  /** Gives back a claim whose operation was refused: a refused operation is not remembered. */
  public Future<Void> unclaim(Operation op, String node) {
    return unclaim(op.opId(), pending(op, node));
  }

  /** Removes the claim {@code record} of {@code opId}, if it is still exactly that. */
  public Future<Void> unclaim(String opId, JsonObject record) {
    return applied.compose(m -> m.removeIfPresent(opId, record)).mapEmpty();
  }

  /** The record of {@code opId}, or {@code null}. */
  public Future<JsonObject> record(String opId) {
    return applied.compose(m -> m.get(opId));
  }

  public Future<Void> done(Operation op, String node, long balance, long toBalance, boolean recovered) {
    JsonObject record = new JsonObject().put("op", op.toJson()).put("state", DONE).put("node", node)
        .put("balance", balance).put("toBalance", toBalance);
    if (recovered) {
      record.put("recovered", true);
    }
    return applied.compose(m -> m.put(op.opId(), record, doneTtlMs));
  }

  public Future<java.util.Map<String, AccountValue>> allValues() {
    return balances.compose(AsyncMap::entries).map(all -> {
      java.util.Map<String, AccountValue> values = new java.util.HashMap<>();
      all.forEach((account, stored) -> values.put(account, AccountValue.decode(stored)));
      return values;
    });
  }

  public Future<java.util.Map<String, JsonObject>> allApplied() {
    return applied.compose(AsyncMap::entries);
  }
}
