package io.bankbus.ledger;

import com.hazelcast.core.HazelcastInstance;
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
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of one ledger shard: the only code that touches the accounts of that shard. It runs on one event
 * loop and takes messages one at a time, so its {@link Ledger} needs no lock: the message-passing model.
 *
 * <p><b>Durability by group commit.</b> An operation is applied in memory at once, but answered only after
 * it is in the shard's {@link ShardLog} (a replicated map). Operations that arrive while a batch is being
 * written gather in the next batch, so one map write carries as many operations as arrived meanwhile: under
 * load the cost of durability is spread, at rest it is one write per operation. Every answer, reads and
 * refusals too, waits for the batch in flight, so nobody is ever told of a state the log might not hold.
 * If this node dies, the next owner replays the log: everything answered survives, and an operation that
 * was applied here but not yet logged was never answered, so its retry (same id) is applied there, once.
 *
 * <p>Besides the operations, {@code {"op": "snapshot"}} returns the shard's balances and journal for the
 * audit.
 */
public final class LedgerShardVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerShardVerticle.class);

  private final int shard;
  private final String nodeId;
  private final HazelcastInstance hazelcast;
  private Ledger ledger = new Ledger();
  private ShardLog log;
  private MessageConsumer<Object> consumer;
  private long nextSeq;
  private Batch open = new Batch();
  private Future<Void> writing;
  private boolean fenced;

  /** Operations applied in memory and the answers waiting for them to be logged. */
  private static final class Batch {
    final List<Operation> ops = new ArrayList<>();
    final List<Runnable> answers = new ArrayList<>();
    final List<Message<Object>> asked = new ArrayList<>();
  }

  /**
   * @param hazelcast the cluster's Hazelcast instance (for the log), or {@code null} on a local Vert.x
   */
  public LedgerShardVerticle(int shard, String nodeId, HazelcastInstance hazelcast) {
    this.shard = shard;
    this.nodeId = nodeId;
    this.hazelcast = hazelcast;
  }

  /** Rebuilds the shard from its log, fences the log with an empty batch of ours, then opens for business. */
  @Override
  public Future<?> start() {
    log = new ShardLog(vertx, hazelcast, shard);
    return recover().compose(v -> {
      consumer = vertx.eventBus().consumer(Addresses.ledgerShard(shard), this::onMessage);
      return consumer.completion();
    });
  }

  private Future<Void> recover() {
    return log.load().compose(batches -> {
      Ledger rebuilt = new Ledger();
      long last = 0;
      for (ShardLog.Batch batch : batches) {
        batch.ops().forEach(rebuilt::apply);
        last = batch.seq();
      }
      long seq = last + 1;
      int replayed = batches.stream().mapToInt(b -> b.ops().size()).sum();
      return log.append(new ShardLog.Batch(seq, nodeId, List.of())).compose(won -> {
        if (!won) {
          return Future.failedFuture(new IllegalStateException("ledger shard " + shard + ": another owner wrote"
              + " its log at " + seq + " while it was being read"));
        }
        ledger = rebuilt;
        nextSeq = seq + 1;
        if (replayed > 0) {
          LOG.info("ledger shard {} rebuilt from its log: {} operations in {} batches", shard, replayed,
              batches.size());
        }
        return Future.succeededFuture();
      });
    });
  }

  /** Stops taking messages, then lets the batch in flight and the open one reach the log. */
  @Override
  public Future<?> stop() {
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
      Ledger.Result result = ledger.apply(op);
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] shard {} applied {} -> {}", message.headers().get(Headers.CORRELATION_ID), shard,
            op.toJson().encode(), result);
      }
      if (op.type() != OpType.BALANCE && !result.replayed()) {
        open.ops.add(op);
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
    ShardLog.Batch entry = new ShardLog.Batch(nextSeq, nodeId, List.copyOf(batch.ops));
    Future<Void> appended = append(entry).compose(won -> won ? Future.succeededFuture()
        : Future.failedFuture(new IllegalStateException("sequence " + entry.seq() + " of ledger shard " + shard
            + " was written by another owner")));
    writing = appended;                            // before the callback: it may run at once, and clears it
    appended.onComplete(written -> {
      writing = null;
      if (written.succeeded()) {
        nextSeq++;
        answer(batch);
        flush();
      } else {
        lost(batch, written.cause());
      }
    });
  }

  private Future<Boolean> append(ShardLog.Batch entry) {
    try {
      return log.append(entry);
    } catch (RuntimeException e) {                 // e.g. Hazelcast shutting down: a failed write, not a lost batch
      return Future.failedFuture(e);
    }
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
   * The log refused or lost a batch. Memory is now ahead of the log, so every operation applied since is
   * answered UNAVAILABLE (its outcome is settled by retrying the same id) and the shard is rebuilt from the
   * log; if another owner has written there, this one steps aside for good.
   */
  private void lost(Batch batch, Throwable cause) {
    LOG.error("ledger shard {}: batch {} not logged ({}); rebuilding from the log", shard, nextSeq,
        cause.getMessage());
    List<Message<Object>> unanswered = new ArrayList<>(batch.asked);
    unanswered.addAll(open.asked);
    open = new Batch();
    fenced = true;
    unanswered.forEach(m -> BankError.UNAVAILABLE.fail(m, "ledger shard " + shard
        + " could not log the operation; retry with the same operation id to learn its outcome"));
    long lostSeq = nextSeq;
    Future<Void> rebuilding = log.load().compose(batches -> batches.stream()
        .anyMatch(b -> b.seq() >= lostSeq && !b.owner().equals(nodeId))
        ? Future.failedFuture(new IllegalStateException("another node owns it now"))
        : recover());
    writing = rebuilding;                          // before the callback: it may run at once, and clears it
    rebuilding.onComplete(rebuilt -> {
      writing = null;
      if (rebuilt.succeeded()) {
        fenced = false;
        flush();
      } else {
        LOG.error("ledger shard {} steps aside on this node: {}", shard, rebuilt.cause().getMessage());
        if (consumer != null) {
          consumer.unregister();
        }
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
    return new JsonObject().put("shard", shard).put("balances", balances).put("journal", journal);
  }
}
