package io.bankbus.audit;

import io.bankbus.protocol.OpType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the audit reads back from the bank: every balance, the applied balance changes it still lists (the
 * journal: those of the dedup window), merged over all ledger shards, and, where the model keeps one, each
 * account's write count ({@code versions}: how many writes the stored balance is the result of; empty when the
 * model has none). {@code folded}: per account, the sum of the changes no longer listed, where the model keeps
 * it (message passing); empty otherwise.
 */
public record LedgerState(Map<String, Long> balances, List<Entry> journal, Map<String, Long> versions,
                          Map<String, Long> folded) {

  /** One applied balance change as the ledger recorded it. */
  public record Entry(String opId, OpType type, String account, long delta) {
  }

  public LedgerState {
    balances = Map.copyOf(balances);
    journal = List.copyOf(journal);
    versions = Map.copyOf(versions);
    folded = Map.copyOf(folded);
  }

  public LedgerState(Map<String, Long> balances, List<Entry> journal, Map<String, Long> versions) {
    this(balances, journal, versions, Map.of());
  }

  public LedgerState(Map<String, Long> balances, List<Entry> journal) {
    this(balances, journal, Map.of(), Map.of());
  }

  /** Only the accounts {@code keep} accepts, with their journal entries: to audit one run in a bank shared with others. */
  public LedgerState only(java.util.function.Predicate<String> keep) {
    Map<String, Long> kept = new HashMap<>();
    balances.forEach((account, balance) -> {
      if (keep.test(account)) {
        kept.put(account, balance);
      }
    });
    return new LedgerState(kept, journal.stream().filter(e -> keep.test(e.account())).toList(),
        filter(versions, keep), filter(folded, keep));
  }

  private static Map<String, Long> filter(Map<String, Long> map, java.util.function.Predicate<String> keep) {
    Map<String, Long> kept = new HashMap<>();
    map.forEach((account, value) -> {
      if (keep.test(account)) {
        kept.put(account, value);
      }
    });
    return kept;
  }

  /**
   * Merges shard snapshots: {@code {"balances": {acc: cents}, "journal": [[opId, op, account, delta], ...],
   * "folded": {acc: cents}}}.
   */
  public static LedgerState fromSnapshots(List<JsonObject> snapshots) {
    Map<String, Long> balances = new HashMap<>();
    Map<String, Long> folded = new HashMap<>();
    List<Entry> journal = new ArrayList<>();
    for (JsonObject snapshot : snapshots) {
      snapshot.getJsonObject("balances").forEach(e -> balances.put(e.getKey(), ((Number) e.getValue()).longValue()));
      snapshot.getJsonObject("folded", new JsonObject())
          .forEach(e -> folded.put(e.getKey(), ((Number) e.getValue()).longValue()));
      for (Object row : snapshot.getJsonArray("journal")) {
        JsonArray r = (JsonArray) row;
        journal.add(new Entry(r.getString(0), OpType.ofWire(r.getString(1)), r.getString(2), r.getLong(3)));
      }
    }
    return new LedgerState(balances, journal, Map.of(), folded);
  }
}
