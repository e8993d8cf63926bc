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
import java.util.ArrayDeque;
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
 * its batch is durable ({@link ShardDurability}: {@link FollowerDurability}, a copy on another node). Up to
 * {@link #MAX_IN_FLIGHT} batches travel to the follower one behind the other; operations that arrive while that
 * many are in flight gather in the next batch, so under load one copy carries many operations and at rest one
 * operation. Answers go out in batch order, and every answer, reads and refusals too, waits for the batches
 * before it, so nobody is ever told of a state the durable copy might not hold. If this node dies, the next owner
 * rebuilds from that copy: everything answered survives, and an operation that was applied here but not yet
 * durable was never answered, so its retry (same id) is applied there, once. What needs no write is answered at
 * once only within a short lease of the last acked batch ({@link #LEASE_NANOS}), else after an empty batch: an
 * owner that has been replaced learns it from its follower before it tells anyone anything.
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
  private final LedgerAnswers answers;
  private ShardDurability durability;
  private volatile Ledger ledger;
  private MessageConsumer<Object> consumer;
  private Batch open = new Batch();
  /** Batches sent to be made durable (and empty ones waiting behind them), oldest first: answered in this order. */
  private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
  private int persisting;
  /** Set while the durability recovers (a follower being filled); no batch is sent meanwhile. */
  private boolean recovering;
  /** Raised when batches are given up on, so that their late completions are ignored. */
  private long generation;
  /** When the newest batch that was then acked was sent ({@link #LEASE_NANOS}); long ago at first. */
  private long leaseFromNanos = System.nanoTime() - 2 * LEASE_NANOS;
  private boolean recoveryWanted;
  private boolean fenced;
  private long compactionTimer = -1;
  private long recoveryTimer = -1;
  private long retryTimer = -1;
  /** How often the owner asks its durability whether it wants to recover (a follower to fill). */
  static final long RECOVERY_CHECK_MS = 200;
  /**
   * Batches in flight to the follower at once, one behind the other: an operation that arrives while one is in
   * flight goes out in the next instead of waiting for it. The follower applies and acks them in order.
   */
  static final int MAX_IN_FLIGHT = 4;
  /**
   * How long after sending a batch that its follower then acked this owner still answers what needs no write
   * (reads, refusals, replays) at once. Later, they first go to the follower as an empty batch, which a follower
   * that has taken the shard over refuses: so an owner cut off and since replaced (its node dropped after 5 s
   * without heartbeats, cluster.xml) never answers from its stale copy once it can be reached again. Measured
   * in a partition before this: an owner back from the minority refused transfers from stale balances.
   */
  static final long LEASE_NANOS = 500_000_000L;
  /**
   * In an answer to a mutating operation, besides the {@code OperationResult}: when it was first applied (epoch
   * ms), so that a teller knows how long the ledger still remembers the id ({@link ShardedTeller}).
   */
  static final String APPLIED_AT_MS = "appliedAtMs";

  /** Operations applied in memory and the answers waiting for them to be durable. */
  private static final class Batch {
    final List<Operation> ops = new ArrayList<>();
    final List<Ledger.JournalEntry> changes = new ArrayList<>();
    final List<Runnable> answers = new ArrayList<>();
    final List<Message<Object>> asked = new ArrayList<>();
    boolean durable;
  }

  /**
   * @param windowMs     the dedup window: how long ids and journal entries are kept
   * @param durabilityOn how this owner makes its batches durable, given the Vert.x it is deployed on
   */
  LedgerShardVerticle(int shard, long windowMs, Function<Vertx, ShardDurability> durabilityOn) {
    this(shard, windowMs, durabilityOn, new LedgerAnswers());
  }

  /** @param answers where the answers this owner gives are counted (one per node) */
  LedgerShardVerticle(int shard, long windowMs, Function<Vertx, ShardDurability> durabilityOn,
                      LedgerAnswers answers) {
    this.shard = shard;
    this.windowMs = windowMs;
    this.durabilityOn = durabilityOn;
    this.answers = answers;
  }

  /**
   * Makes the shard it starts from durable (a new follower filled), then opens for business. If that fails (a
   * follower slow to answer on a busy machine, say), it opens anyway, answering UNAVAILABLE until it has recovered
   * or has learned that the shard is no longer its own.
   */
  @Override
  public Future<?> start() {
    LedgerCodecs.registerOn(vertx);
    durability = durabilityOn.apply(vertx);
    return durability.recover(ledger).map(rebuilt -> {
      ledger = rebuilt;
      return true;
    }).otherwise(failed -> {
      LOG.warn("ledger shard {}: could not be made durable as it started ({}); recovering", shard,
          failed.getMessage());
      fenced = true;
      return false;
    }).compose(recovered -> {
      if (!recovered) {
        recoverOrStepAside();
      }
      compactionTimer = vertx.setPeriodic(Math.max(1_000, Math.min(10_000, windowMs / 4)), t -> compact());
      recoveryTimer = vertx.setPeriodic(RECOVERY_CHECK_MS, t -> {
        // Not asked while a recovery is under way: a durability filling a follower has none meanwhile and wants one,
        // and that want would start the next fill the moment this one ends. Measured before: fills of a big ledger,
        // slower than this period, ran back to back for two seconds after a kill.
        if (!recovering) {
          if (!fenced && persisting > 0 && durability.followerGone()) {
            // Its follower left with batches in flight: they will never be acked. Measured: a kill left three
            // shards waiting out the 2 s copy timeout before they recovered, most of the bank's pause.
            lost(new IllegalStateException("the follower left the cluster with batches in flight"));
            return;
          }
          recoveryWanted = !fenced && durability.wantsRecovery();
        }
        flush();
      });
      consumer = vertx.eventBus().consumer(Addresses.ledgerShard(shard), this::onMessage);
      return consumer.completion();
    });
  }

  /** The ledger as this owner left it: after {@link #stop()}, everything in it was made durable and answered. */
  Ledger ledger() {
    return ledger;
  }

  /**
   * Recovers (fills a follower with the whole ledger) once no batch is in flight. What was applied but not yet
   * sent is in the ledger the fill carries, so its answers wait for the fill instead of a batch.
   */
  private void recoverNow() {
    Batch covered = open;
    open = new Batch();
    covered.ops.clear();
    inFlight.add(covered);
    recovering = true;
    recoveryWanted = false;
    long gen = generation;
    durability.recover(ledger).onComplete(done -> {
      if (gen != generation) {
        return;
      }
      recovering = false;
      if (done.failed()) {
        lost(done.cause());
        return;
      }
      ledger = done.result();
      covered.durable = true;
      answerDurable();
      flush();
    });
  }

  /** Forgets what is older than the window, also while the shard is idle; not while fenced (it may not own it). */
  private void compact() {
    if (!fenced) {
      ledger.forget(System.currentTimeMillis());
    }
  }

  /** Stops taking messages, then lets the batches in flight and the open one become durable. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(compactionTimer);
    vertx.cancelTimer(recoveryTimer);
    vertx.cancelTimer(retryTimer);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.compose(v -> drained());
  }

  private Future<Void> drained() {
    // Fenced, everything applied was answered UNAVAILABLE already, and the retry timer is cancelled: nothing to wait for.
    if (inFlight.isEmpty() && open.answers.isEmpty() && (!recovering || fenced)) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    vertx.setTimer(10, id -> drained().onComplete(drained));
    return drained.future();
  }

  private void onMessage(Message<Object> message) {
    if (fenced) {
      BankError.UNAVAILABLE.fail(message, "ledger shard " + shard + " is recovering its follower or has moved; retry");
      return;
    }
    try {
      Object raw = message.body();
      if (raw instanceof Operation typed) {
        apply(message, typed, true);              // from a teller, in the ledger's binary form (LedgerCodecs)
        return;
      }
      JsonObject body = JsonFields.body(raw);
      if ("snapshot".equals(body.getValue("op"))) {
        JsonObject snapshot = snapshot();
        answerWhenDurable(message, () -> message.reply(snapshot));
        return;
      }
      apply(message, Operation.fromJson(body, true), false);
    } catch (BankException refused) {
      refused.replyTo(message);
    } catch (RuntimeException bug) {
      LOG.error("[{}] shard {} failed on {}", message.headers().get(Headers.CORRELATION_ID), shard,
          message.body(), bug);
      BankError.INTERNAL_ERROR.fail(message, "shard " + shard + " could not process the message");
    }
  }

  /** Applies {@code op} and answers once durable: in the binary form if it came so, else in JSON. */
  private void apply(Message<Object> message, Operation op, boolean binary) {
    try {
      Ledger.Result result = ledger.apply(op, System.currentTimeMillis());
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] shard {} applied {} -> {}", message.headers().get(Headers.CORRELATION_ID), shard,
            op.toJson().encode(), result);
      }
      if (op.type() != OpType.BALANCE && !result.replayed()) {
        open.ops.add(op);
        open.changes.addAll(result.changes());
      }
      long appliedAtMs = op.type() == OpType.BALANCE ? 0 : result.appliedAtMs();   // for a teller finishing a transfer
      Object reply;
      if (binary) {
        reply = new LedgerCodecs.ShardAnswer(result.toReply(), appliedAtMs);
      } else {
        JsonObject json = result.toReply().toJson();
        if (op.type() != OpType.BALANCE) {
          json.put(APPLIED_AT_MS, appliedAtMs);
        }
        reply = json;
      }
      answerWhenDurable(message, () -> message.reply(reply));
    } catch (BankException refused) {
      answerWhenDurable(message, () -> refused.replyTo(message));
    }
  }

  private void answerWhenDurable(Message<Object> message, Runnable answer) {
    open.answers.add(answer);
    open.asked.add(message);
    flush();
  }

  /**
   * Sends the open batch unless {@link #MAX_IN_FLIGHT} are in flight (then it gathers until one is acked). A batch
   * that changed nothing (reads, refusals) needs no write, only the batches before it: it waits behind them.
   */
  private void flush() {
    if (fenced || recovering) {
      return;
    }
    if (recoveryWanted) {
      if (inFlight.isEmpty()) {
        recoverNow();
      }
      return;
    }
    if (open.answers.isEmpty()) {
      return;
    }
    if (open.ops.isEmpty()) {
      if (inFlight.isEmpty() && !durability.mayAnswer()) {
        Batch reads = open;
        open = new Batch();
        reads.asked.forEach(m -> BankError.NO_MAJORITY.fail(m, "ledger shard " + shard + ": this node sees fewer"
            + " than a majority of the bank's nodes and answers nothing until it does; retry"));
        return;
      }
      if (!inFlight.isEmpty() || System.nanoTime() - leaseFromNanos < LEASE_NANOS) {
        Batch reads = open;
        open = new Batch();
        reads.durable = true;
        inFlight.add(reads);
        answerDurable();
        return;
      }
      // Nothing acked lately: an empty batch asks the follower first (below), as a write would.
    }
    if (persisting >= MAX_IN_FLIGHT) {
      return;
    }
    Batch batch = open;
    open = new Batch();
    inFlight.add(batch);
    persisting++;
    long gen = generation;
    long sentNanos = System.nanoTime();
    durability.persist(batch.ops, batch.changes, System.currentTimeMillis()).onComplete(written -> {
      if (gen != generation) {
        return;
      }
      persisting--;
      if (written.failed()) {
        lost(written.cause());
        return;
      }
      if (sentNanos - leaseFromNanos > 0) {
        leaseFromNanos = sentNanos;
      }
      batch.durable = true;
      answerDurable();
      flush();
    });
  }

  /** Answers the oldest batches that are durable, up to the first that is not: answers go out in order. */
  private void answerDurable() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().durable) {
      List<Runnable> batch = inFlight.pollFirst().answers;
      answers.answered(System.currentTimeMillis(), batch.size());
      for (Runnable answer : batch) {
        try {
          answer.run();
        } catch (RuntimeException e) {
          LOG.warn("ledger shard {}: an answer could not be sent: {}", shard, e.getMessage());
        }
      }
    }
  }

  /**
   * A batch may not be durable. Memory is now ahead of the durable copy, so every operation applied since the
   * last answered batch is answered UNAVAILABLE (its outcome is settled by retrying the same id) and the shard
   * is rebuilt from memory onto a follower; if another owner has taken the shard, this one steps aside for good.
   */
  private void lost(Throwable cause) {
    LOG.warn("ledger shard {}: batch not made durable ({}); recovering", shard, cause.getMessage());
    generation++;
    List<Message<Object>> unanswered = new ArrayList<>();
    inFlight.forEach(b -> unanswered.addAll(b.asked));
    unanswered.addAll(open.asked);
    inFlight.clear();
    open = new Batch();
    persisting = 0;
    fenced = true;
    unanswered.forEach(m -> BankError.UNAVAILABLE.fail(m, "ledger shard " + shard
        + " could not make the operation durable; retry with the same operation id to learn its outcome"));
    recoverOrStepAside();
  }

  /** Recovers while this node still owns the shard (again, after a pause, if recovering fails); else steps aside. */
  private void recoverOrStepAside() {
    recovering = true;
    long gen = generation;
    durability.stillOwner().compose(owner -> !owner ? Future.succeededFuture((Ledger) null)
        : durability.recover(ledger)).onComplete(rebuilt -> {
      if (gen != generation) {
        return;
      }
      recovering = false;
      if (rebuilt.succeeded() && rebuilt.result() != null) {
        ledger = rebuilt.result();
        fenced = false;
        flush();
      } else if (rebuilt.succeeded()) {
        LOG.error("ledger shard {} steps aside on this node: another node owns it now", shard);
        if (consumer != null) {
          consumer.unregister();
        }
      } else {
        LOG.warn("ledger shard {}: recovering failed, trying again: {}", shard, rebuilt.cause().getMessage());
        recovering = true;                         // nothing may be sent until it has recovered
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
