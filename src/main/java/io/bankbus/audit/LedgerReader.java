package io.bankbus.audit;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.sharedstate.SharedAccounts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the audit's input from any node: what the bank itself recorded, never what customers believe.
 * Message passing: a snapshot from every ledger shard owner. Shared state: the balances map and the
 * applied-operations map, each applied operation turned into its journal entries.
 */
public final class LedgerReader {
  private LedgerReader() {
  }

  public static Future<LedgerState> read(Vertx vertx, BankModel model, int shards, long timeoutMs) {
    return model.sharedMap() ? readShared(vertx, model) : readShards(vertx, shards, timeoutMs);
  }

  static Future<LedgerState> readShards(Vertx vertx, int shards, long timeoutMs) {
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      replies.add(vertx.eventBus().<JsonObject>request(Addresses.ledgerShard(shard),
          new JsonObject().put("op", "snapshot"), new DeliveryOptions().setSendTimeout(timeoutMs))
          .map(reply -> reply.body()));
    }
    return Future.all(replies).map(all -> LedgerState.fromSnapshots(all.list()));
  }

  static Future<LedgerState> readShared(Vertx vertx, BankModel model) {
    SharedAccounts accounts = SharedAccounts.of(vertx, model);
    return accounts.allValues().compose(values -> accounts.allApplied().map(applied -> {
      Map<String, Long> balances = new HashMap<>();
      Map<String, Long> versions = new HashMap<>();
      values.forEach((account, value) -> {
        balances.put(account, value.balance());
        versions.put(account, value.version());
      });
      return new LedgerState(balances, journal(applied), versions);
    }));
  }

  /** Journal entries of every applied (state "done") operation; a pending claim changed nothing yet. */
  static List<LedgerState.Entry> journal(Map<String, JsonObject> applied) {
    List<LedgerState.Entry> journal = new ArrayList<>();
    for (JsonObject record : applied.values()) {
      if (!SharedAccounts.DONE.equals(record.getString("state"))) {
        continue;
      }
      Operation op = Operation.fromJson(record.getJsonObject("op"), false);
      switch (op.type()) {
        case OPEN, DEPOSIT -> journal.add(new LedgerState.Entry(op.opId(), op.type(), op.account(), op.amount()));
        case WITHDRAW -> journal.add(new LedgerState.Entry(op.opId(), op.type(), op.account(), -op.amount()));
        case TRANSFER -> {
          journal.add(new LedgerState.Entry(op.opId(), OpType.TRANSFER, op.account(), -op.amount()));
          journal.add(new LedgerState.Entry(op.opId(), OpType.TRANSFER, op.to(), op.amount()));
        }
        default -> { }
      }
    }
    return journal;
  }
}
