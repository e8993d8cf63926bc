package io.bankbus.audit;

import io.bankbus.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Gathers the audit's input over the event bus: a snapshot of every ledger shard, from any node. */
public final class LedgerReader {
  private LedgerReader() {
  }

  public static Future<LedgerState> read(Vertx vertx, int shards, long timeoutMs) {
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      replies.add(vertx.eventBus().<JsonObject>request(Addresses.ledgerShard(shard),
          new JsonObject().put("op", "snapshot"), new DeliveryOptions().setSendTimeout(timeoutMs))
          .map(reply -> reply.body()));
    }
    return Future.all(replies).map(all -> LedgerState.fromSnapshots(all.list()));
  }
}
