package io.bankbus.ledger;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.Headers;
import io.bankbus.protocol.JsonFields;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of one ledger shard: the only code that touches the accounts of that shard. It runs on one event
 * loop and takes messages one at a time, so its {@link Ledger} needs no lock: the message-passing model.
 *
 * <p>Besides the operations, {@code {"op": "snapshot"}} returns the shard's balances and journal for the
 * audit.
 */
public final class LedgerShardVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerShardVerticle.class);

  private final int shard;
  private final Ledger ledger = new Ledger();

  public LedgerShardVerticle(int shard) {
    this.shard = shard;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.ledgerShard(shard), this::onMessage);
    return consumer.completion();
  }

  private void onMessage(Message<Object> message) {
    try {
      JsonObject body = JsonFields.body(message.body());
      if ("snapshot".equals(body.getValue("op"))) {
        message.reply(snapshot());
        return;
      }
      Operation op = Operation.fromJson(body, true);
      Ledger.Result result = ledger.apply(op);
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] shard {} applied {} -> {}", message.headers().get(Headers.CORRELATION_ID), shard,
            op.toJson().encode(), result);
      }
      message.reply(result.toReply().toJson());
    } catch (BankException refused) {
      refused.replyTo(message);
    } catch (RuntimeException bug) {
      LOG.error("[{}] shard {} failed on {}", message.headers().get(Headers.CORRELATION_ID), shard,
          message.body(), bug);
      BankError.INTERNAL_ERROR.fail(message, "shard " + shard + " could not process the message");
    }
  }

  private JsonObject snapshot() {
    JsonObject balances = new JsonObject();
    ledger.balances().forEach(balances::put);
    JsonArray journal = new JsonArray();
    for (Ledger.JournalEntry e : ledger.journal()) {
      journal.add(new JsonArray().add(e.opId()).add(e.type().wire()).add(e.account()).add(e.delta()));
    }
    return new JsonObject().put("shard", shard).put("balances", balances).put("journal", journal);
  }
}
