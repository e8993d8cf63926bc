package io.bankbus.messagepassing;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
 * <p><b>Bounded memory.</b> The ledger forgets ids and folds journal entries older than the dedup window; every
 * few seconds the log is compacted the same way: batches older than the window are folded into the log's base
 * (the balances after them) and deleted. So under endless load the shard holds one window of operations, in
 * memory and in the log, and a new owner still rebuilds exactly what this one remembers.
 *
 * <p>Besides the operations, {@code {"op": "snapshot"}} returns the shard's balances, the journal of the
 * window and the folded sums, for the audit.
 */
public final class LedgerShardVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerShardVerticle.class);

  private final int shard;
  private final String nodeId;
  private final HazelcastInstance hazelcast;
  private final long windowMs;
  private Ledger ledger;
  private ShardLog log;
  private MessageConsumer<Object> consumer;
  private long nextSeq;
  private Batch open = new Batch();
  private Future<Void> writing;
  private boolean fenced;
  /** Logged batches younger than the window, oldest first: compaction folds them into {@link #base}. */
  private final ArrayDeque<Logged> logged = new ArrayDeque<>();
  /** The balances after batch {@link #baseSeq}: the log's base, as this owner will next write it. */
  private final Map<String, Long> base = new HashMap<>();
  private long baseSeq;
  /** Batches up to this one are deleted from the log. */
  private long deletedThrough;
  private boolean compacting;
  private long compactionTimer = -1;

  private record Logged(long seq, long atMs, List<Ledger.JournalEntry> changes) {
  }

  /** Operations applied in memory and the answers waiting for them to be logged. */
  private static final class Batch {
    final List<Operation> ops = new ArrayList<>();
    final List<Ledger.JournalEntry> changes = new ArrayList<>();
    final List<Runnable> answers = new ArrayList<>();
    final List<Message<Object>> asked = new ArrayList<>();
  }

  /**
   * @param hazelcast the cluster's Hazelcast instance (for the log), or {@code null} on a local Vert.x
   * @param windowMs  the dedup window: how long ids, journal entries and log batches are kept
   */
  public LedgerShardVerticle(int shard, String nodeId, HazelcastInstance hazelcast, long windowMs) {
    this.shard = shard;
    this.nodeId = nodeId;
    this.hazelcast = hazelcast;
    this.windowMs = windowMs;
    this.ledger = new Ledger(windowMs);
  }

  /** Rebuilds the shard from its log, fences the log with an empty batch of ours, then opens for business. */
  @Override
  public Future<?> start() {
    log = new ShardLog(vertx, hazelcast, shard);
    return recover().compose(v -> {
      compactionTimer = vertx.setPeriodic(Math.max(1_000, Math.min(10_000, windowMs / 4)), t -> compact());
      consumer = vertx.eventBus().consumer(Addresses.ledgerShard(shard), this::onMessage);
      return consumer.completion();
    });
  }

  private Future<Void> recover() {
    return log.load().compose(contents -> {
      Ledger rebuilt = Ledger.restore(contents.base().balances(), windowMs);
      List<Logged> replayedBatches = new ArrayList<>();
      for (ShardLog.Batch batch : contents.batches()) {
        List<Ledger.JournalEntry> changes = new ArrayList<>();
        batch.ops().forEach(op -> changes.addAll(rebuilt.apply(op, batch.atMs()).changes()));
        replayedBatches.add(new Logged(batch.seq(), batch.atMs(), changes));
      }
      long seq = contents.lastSeq() + 1;
      long now = System.currentTimeMillis();
      int replayed = contents.batches().stream().mapToInt(b -> b.ops().size()).sum();
      return log.append(new ShardLog.Batch(seq, nodeId, now, List.of())).compose(won -> {
        if (!won) {
          return Future.failedFuture(new IllegalStateException("ledger shard " + shard + ": another owner wrote"
              + " its log at " + seq + " while it was being read"));
        }
        ledger = rebuilt;
        nextSeq = seq + 1;
        base.clear();
        base.putAll(contents.base().balances());
        baseSeq = contents.base().seq();
        deletedThrough = baseSeq;
        logged.clear();
        logged.addAll(replayedBatches);
        logged.add(new Logged(seq, now, List.of()));
        if (!contents.staleSeqs().isEmpty()) {
          log.delete(java.util.Set.copyOf(contents.staleSeqs()));
        }
        if (replayed > 0 || baseSeq > 0) {
          LOG.info("ledger shard {} rebuilt from its log: base after batch {} with {} accounts, then {} operations"
              + " in {} batches", shard, baseSeq, base.size(), replayed, contents.batches().size());
        }
        return Future.succeededFuture();
      });
    });
  }

  /**
   * Folds the logged batches older than the window into the base, stores the base, then deletes those batches.
   * One compaction at a time; none while the shard is fenced (it may no longer be the owner).
   */
  private void compact() {
    if (compacting || fenced) {
      return;
    }
    long cutoff = System.currentTimeMillis() - windowMs;
    ledger.forget(System.currentTimeMillis());
    boolean moved = false;
    while (!logged.isEmpty() && logged.peekFirst().atMs() < cutoff) {
      Logged oldest = logged.pollFirst();
      oldest.changes().forEach(c -> base.merge(c.account(), c.delta(), Long::sum));
      baseSeq = oldest.seq();
      moved = true;
    }
    if (!moved) {
      return;
    }
    compacting = true;
    long through = baseSeq;
    long from = deletedThrough + 1;
    log.writeBase(new ShardLog.Base(through, Map.copyOf(base)))
        .compose(v -> log.delete(from, through))
        .onComplete(done -> {
          compacting = false;
          if (done.succeeded()) {
            deletedThrough = through;
          } else {
            LOG.warn("ledger shard {}: log compaction through batch {} failed, will retry: {}", shard, through,
                done.cause().getMessage());
          }
        });
  }

  /** Stops taking messages, then lets the batch in flight and the open one reach the log. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(compactionTimer);
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
    ShardLog.Batch entry = new ShardLog.Batch(nextSeq, nodeId, System.currentTimeMillis(), List.copyOf(batch.ops));
    Future<Void> appended = append(entry).compose(won -> won ? Future.succeededFuture()
        : Future.failedFuture(new IllegalStateException("sequence " + entry.seq() + " of ledger shard " + shard
            + " was written by another owner")));
    writing = appended;                            // before the callback: it may run at once, and clears it
    appended.onComplete(written -> {
      writing = null;
      if (written.succeeded()) {
        logged.add(new Logged(entry.seq(), entry.atMs(), batch.changes));
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
    Future<Void> rebuilding = log.load().compose(contents -> contents.batches().stream()
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
    JsonObject folded = new JsonObject();
    ledger.folded().forEach(folded::put);
    return new JsonObject().put("shard", shard).put("balances", balances).put("journal", journal)
        .put("folded", folded);
  }
}
