package io.bankbus.messagepassing;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.Headers;
import io.bankbus.protocol.JsonFields;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of one ledger shard: the only code that touches the accounts of that shard. It runs on one event
 * loop and takes messages one at a time, so its {@link Ledger} needs no lock: the message-passing model.
 *
 * <p><b>Durability by group commit.</b> An operation is applied in memory at once, but answered only after
 * its batch is durable ({@link ShardDurability}: {@link FollowerDurability}, a copy on another node). Operations that
 * arrive while a batch is being made durable gather in the next batch, so one write carries as many operations
 * as arrived meanwhile: under load the cost of durability is spread, at rest it is one write per operation.
 * Every answer, reads and refusals too, waits for the batch in flight, so nobody is ever told of a state the
 * durable copy might not hold. If this node dies, the next owner rebuilds from that copy: everything answered
 * survives, and an operation that was applied here but not yet durable was never answered, so its retry (same
 * id) is applied there, once.
 *
 * <p><b>Bounded memory.</b> The ledger forgets ids and folds journal entries older than the dedup window (every few
 * seconds, and before each operation), and the follower's copy does the same as it applies the batches, so under
 * endless load the shard holds one window of operations.
 *
 * <p>Besides the operations, {@code {"op": "snapshot"}} returns the shard's balances, the journal of the
 * window and the folded sums, for the audit.
 */
public final class LedgerShardVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerShardVerticle.class);

  private final int shard;
  private final long windowMs;
  private final Function<Vertx, ShardDurability> durabilityOn;
  private ShardDurability durability;
  private Ledger ledger;
  private MessageConsumer<Object> consumer;
  private Batch open = new Batch();
  private Future<Void> writing;
  private boolean fenced;
  private long compactionTimer = -1;
  private long recoveryTimer = -1;
  private long retryTimer = -1;
  /** How often an idle owner asks its durability whether it wants to recover (a follower to fill). */
  static final long RECOVERY_CHECK_MS = 200;

  /** Operations applied in memory and the answers waiting for them to be logged. */
  private static final class Batch {
    final List<Operation> ops = new ArrayList<>();
    final List<Ledger.JournalEntry> changes = new ArrayList<>();
    final List<Runnable> answers = new ArrayList<>();
    final List<Message<Object>> asked = new ArrayList<>();
  }

  /**
   * @param windowMs     the dedup window: how long ids and journal entries are kept
   * @param durabilityOn how this owner makes its batches durable, given the Vert.x it is deployed on
   */
  LedgerShardVerticle(int shard, long windowMs, Function<Vertx, ShardDurability> durabilityOn) {
    this.shard = shard;
    this.windowMs = windowMs;
    this.durabilityOn = durabilityOn;
  }

  /** Makes the shard it starts from durable (a new follower filled), then opens for business. */
  @Override
  public Future<?> start() {
    durability = durabilityOn.apply(vertx);
    return recover().compose(v -> {
      compactionTimer = vertx.setPeriodic(Math.max(1_000, Math.min(10_000, windowMs / 4)), t -> compact());
      recoveryTimer = vertx.setPeriodic(RECOVERY_CHECK_MS, t -> recoverIfWanted());
      consumer = vertx.eventBus().consumer(Addresses.ledgerShard(shard), this::onMessage);
      return consumer.completion();
    });
  }

  private Future<Void> recover() {
    return durability.recover(ledger).map(rebuilt -> {
      ledger = rebuilt;
      return null;
    });
  }

  /** While nothing is in flight, lets the durability recover when it wants to (a follower left, or one joined). */
  private void recoverIfWanted() {
    if (fenced || writing != null || !open.answers.isEmpty() || !durability.wantsRecovery()) {
      return;
    }
    Future<Void> recovering = recover();
    writing = recovering;                          // before the callback: it may run at once, and clears it
    recovering.onComplete(done -> {
      writing = null;
      if (done.failed()) {
        lost(new Batch(), done.cause());
      } else {
        flush();
      }
    });
  }

  /** Forgets what is older than the window, also while the shard is idle; not while fenced (it may not own it). */
  private void compact() {
    if (!fenced) {
      ledger.forget(System.currentTimeMillis());
    }
  }

  /** Stops taking messages, then lets the batch in flight and the open one reach the log. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(compactionTimer);
    vertx.cancelTimer(recoveryTimer);
    vertx.cancelTimer(retryTimer);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.compose(v -> drained());
  }

  private Future<Void> drained() {
    if (writing == null && open.answers.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    vertx.setTimer(10, id -> drained().onComplete(drained));
    return drained.future();
  }

  private void onMessage(Message<Object> message) {
    if (fenced) {
      BankError.UNAVAILABLE.fail(message, "ledger shard " + shard + " moved to another node; retry");
      return;
    }
    try {
      JsonObject body = JsonFields.body(message.body());
      if ("snapshot".equals(body.getValue("op"))) {
        JsonObject snapshot = snapshot();
        answerAfterLog(message, () -> message.reply(snapshot));
        return;
      }
      Operation op = Operation.fromJson(body, true);
      Ledger.Result result = ledger.apply(op, System.currentTimeMillis());
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] shard {} applied {} -> {}", message.headers().get(Headers.CORRELATION_ID), shard,
            op.toJson().encode(), result);
      }
      if (op.type() != OpType.BALANCE && !result.replayed()) {
        open.ops.add(op);
        open.changes.addAll(result.changes());
      }
      JsonObject reply = result.toReply().toJson();
      answerAfterLog(message, () -> message.reply(reply));
    } catch (BankException refused) {
      answerAfterLog(message, () -> refused.replyTo(message));
    } catch (RuntimeException bug) {
      LOG.error("[{}] shard {} failed on {}", message.headers().get(Headers.CORRELATION_ID), shard,
          message.body(), bug);
      BankError.INTERNAL_ERROR.fail(message, "shard " + shard + " could not process the message");
    }
  }

  private void answerAfterLog(Message<Object> message, Runnable answer) {
    open.answers.add(answer);
    open.asked.add(message);
    flush();
  }

  /** Writes the open batch if no write is in flight; answers at once a batch that changed nothing. */
  private void flush() {
    if (writing != null || open.answers.isEmpty()) {
      return;
    }
    Batch batch = open;
    open = new Batch();
    if (batch.ops.isEmpty()) {
      answer(batch);
      return;
    }
    Future<Void> persisted = durability.persist(batch.ops, batch.changes, System.currentTimeMillis());
    writing = persisted;                           // before the callback: it may run at once, and clears it
    persisted.onComplete(written -> {
      writing = null;
      if (written.succeeded()) {
        answer(batch);
        flush();
      } else {
        lost(batch, written.cause());
      }
    });
  }

  private void answer(Batch batch) {
    for (Runnable answer : batch.answers) {
      try {
        answer.run();
      } catch (RuntimeException e) {
        LOG.warn("ledger shard {}: an answer could not be sent: {}", shard, e.getMessage());
      }
    }
  }

  /**
   * A batch may not be durable. Memory is now ahead of the durable copy, so every operation applied since is
   * answered UNAVAILABLE (its outcome is settled by retrying the same id) and the shard is rebuilt from the
   * copy; if another owner has taken the shard, this one steps aside for good.
   */
  private void lost(Batch batch, Throwable cause) {
    LOG.warn("ledger shard {}: batch not made durable ({}); recovering", shard, cause.getMessage());
    List<Message<Object>> unanswered = new ArrayList<>(batch.asked);
    unanswered.addAll(open.asked);
    open = new Batch();
    fenced = true;
    unanswered.forEach(m -> BankError.UNAVAILABLE.fail(m, "ledger shard " + shard
        + " could not make the operation durable; retry with the same operation id to learn its outcome"));
    recoverOrStepAside();
  }

  /** Recovers while this node still owns the shard (again, after a pause, if recovering fails); else steps aside. */
  private void recoverOrStepAside() {
    Future<Boolean> rebuilding = durability.stillOwner().compose(owner -> !owner ? Future.succeededFuture(false)
        : recover().map(true));
    writing = rebuilding.mapEmpty();               // before the callback: it may run at once, and clears it
    rebuilding.onComplete(rebuilt -> {
      writing = null;
      if (rebuilt.succeeded() && rebuilt.result()) {
        fenced = false;
        flush();
      } else if (rebuilt.succeeded()) {
        LOG.error("ledger shard {} steps aside on this node: another node owns it now", shard);
        if (consumer != null) {
          consumer.unregister();
        }
      } else {
        LOG.warn("ledger shard {}: recovering failed, trying again: {}", shard, rebuilt.cause().getMessage());
        retryTimer = vertx.setTimer(RECOVERY_CHECK_MS, t -> recoverOrStepAside());
      }
    });
  }

  private JsonObject snapshot() {
    JsonObject balances = new JsonObject();
    ledger.balances().forEach(balances::put);
    JsonArray journal = new JsonArray();
    for (Ledger.JournalEntry e : ledger.journal()) {
      journal.add(new JsonArray().add(e.opId()).add(e.type().wire()).add(e.account()).add(e.delta()));
    }
    JsonObject folded = new JsonObject();
    ledger.folded().forEach(folded::put);
    return new JsonObject().put("shard", shard).put("balances", balances).put("journal", journal)
        .put("folded", folded);
  }
}
