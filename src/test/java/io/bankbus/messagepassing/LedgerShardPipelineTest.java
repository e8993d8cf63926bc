package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batches in flight one behind the other: what an owner sends before an ack, and the order it answers in. */
@ExtendWith(VertxExtension.class)
class LedgerShardPipelineTest {
  private static final int SHARD = 5;

  /** A durability whose batches become durable only when the test says so. */
  private static final class HeldDurability implements ShardDurability {
    final List<Promise<Void>> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger recoveries = new AtomicInteger();
    volatile boolean majority = true;
    volatile boolean gone;

    @Override
    public boolean followerGone() {
      return gone;
    }

    @Override
    public boolean mayAnswer() {
      return majority;
    }

    @Override
    public Future<Ledger> recover(Ledger current) {
      recoveries.incrementAndGet();
      gone = false;                                 // a new follower was filled
      return Future.succeededFuture(current != null ? current : new Ledger(120_000));
    }

    @Override
    public Future<Void> persist(List<Operation> ops, List<Ledger.JournalEntry> changes, long atMs) {
      Promise<Void> batch = Promise.promise();
      batches.add(batch);
      return batch.future();
    }

    @Override
    public Future<Boolean> stillOwner() {
      return Future.succeededFuture(true);
    }
  }

  /**
   * A durability that loses its follower when the test says so and, as {@link FollowerDurability} does while it
   * fills a new one, goes on wanting a recovery until the recovery under way is done, which the test holds.
   */
  private static final class SlowRecovery implements ShardDurability {
    final List<Promise<Ledger>> recoveries = new CopyOnWriteArrayList<>();
    volatile boolean followerLeft;
    volatile boolean recovering;

    @Override
    public Future<Ledger> recover(Ledger current) {
      Promise<Ledger> recovery = Promise.promise();
      recoveries.add(recovery);
      if (recoveries.size() == 1) {
        recovery.complete(new Ledger(120_000));     // the owner's start
      } else {
        recovering = true;
        followerLeft = false;
      }
      return recovery.future();
    }

    @Override
    public boolean wantsRecovery() {
      return followerLeft || recovering;
    }

    @Override
    public Future<Void> persist(List<Operation> ops, List<Ledger.JournalEntry> changes, long atMs) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> stillOwner() {
      return Future.succeededFuture(true);
    }
  }

  @Test
  @DisplayName("when the follower leaves with a batch in flight, its operations are answered UNAVAILABLE at once and the owner recovers")
  void followerGoneMidBatch(Vertx vertx, VertxTestContext ctx) {
    HeldDurability durability = new HeldDurability();
    vertx.deployVerticle(new LedgerShardVerticle(SHARD, 120_000, vx -> durability))
        .compose(id -> {
          Future<JsonObject> open = send(vertx, Operation.open("open-1", "acc-1", 100));
          return batchesSent(vertx, durability, 1).map(open);
        })
        .compose(open -> {
          durability.gone = true;                    // the batch is never acked: its follower left
          return open.<AsyncResult<JsonObject>>transform(Future::succeededFuture)
              .compose(answered -> until(vertx, () -> durability.recoveries.get() == 2).map(answered));
        })
        .onComplete(ctx.succeeding(answered -> ctx.verify(() -> {
          ReplyException refused = assertInstanceOf(ReplyException.class, answered.cause(), "answered " + answered);
          assertEquals(BankError.UNAVAILABLE.code(), refused.failureCode(), refused.getMessage());
          ctx.completeNow();                         // and the owner recovered onto a new follower (awaited above)
        })));
  }

  @Test
  @DisplayName("a recovery slower than the recovery check is not followed by another one it did not need")
  void oneRecoveryPerNeed(Vertx vertx, VertxTestContext ctx) {
    SlowRecovery durability = new SlowRecovery();
    long period = LedgerShardVerticle.RECOVERY_CHECK_MS;
    vertx.deployVerticle(new LedgerShardVerticle(SHARD, 120_000, vx -> durability))
        .compose(id -> {
          durability.followerLeft = true;
          return until(vertx, () -> durability.recoveries.size() == 2);
        })
        .compose(v -> after(vertx, 5 * period))      // the fill takes five checks
        .compose(v -> {
          durability.recovering = false;
          durability.recoveries.get(1).complete(new Ledger(120_000));
          return after(vertx, 5 * period);
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(2, durability.recoveries.size(), "the start, then one recovery for the follower that left");
          ctx.completeNow();
        })));
  }

  /** Polls on the event loop (no sleep) until {@code done} holds. */
  private static Future<Void> until(Vertx vertx, java.util.function.BooleanSupplier done) {
    Promise<Void> reached = Promise.promise();
    vertx.setPeriodic(5, id -> {
      if (done.getAsBoolean()) {
        vertx.cancelTimer(id);
        reached.complete();
      }
    });
    return reached.future();
  }

  private static Future<Void> after(Vertx vertx, long ms) {
    Promise<Void> later = Promise.promise();
    vertx.setTimer(ms, id -> later.complete());
    return later.future();
  }

  private static Future<JsonObject> send(Vertx vertx, Operation op) {
    return vertx.eventBus().<JsonObject>request(Addresses.ledgerShard(SHARD), op.toJson(),
        new DeliveryOptions().setSendTimeout(5_000)).map(reply -> reply.body());
  }

  /** Polls on the event loop (no sleep) until {@code n} batches were handed to the durability. */
  private static Future<Void> batchesSent(Vertx vertx, HeldDurability durability, int n) {
    return until(vertx, () -> durability.batches.size() >= n);
  }

  /** Opens acc-1 with 100 and acks its batch: the owner has a lease from then on. */
  private static Future<JsonObject> openedAndAcked(Vertx vertx, HeldDurability durability) {
    Future<JsonObject> opened = send(vertx, Operation.open("open-1", "acc-1", 100));
    return batchesSent(vertx, durability, 1).compose(v -> {
      durability.batches.get(0).complete();
      return opened;
    });
  }

  @Test
  @DisplayName("an operation that arrives while a batch waits for its follower goes out in the next batch at once")
  void nextBatchGoesOutBeforeTheAck(Vertx vertx, VertxTestContext ctx) {
    HeldDurability durability = new HeldDurability();
    vertx.deployVerticle(new LedgerShardVerticle(SHARD, 120_000, vx -> durability))
        .compose(id -> {
          send(vertx, Operation.open("open-1", "acc-1", 100));
          return batchesSent(vertx, durability, 1);
        })
        .compose(v -> {
          send(vertx, Operation.open("open-2", "acc-2", 100));
          return batchesSent(vertx, durability, 2);
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(2, durability.batches.size(), "the second batch was sent while the first was unacked");
          durability.batches.forEach(Promise::tryComplete);   // so that the owner can drain when undeployed
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a later batch made durable first is answered only after the batch before it")
  void answersGoOutInBatchOrder(Vertx vertx, VertxTestContext ctx) {
    HeldDurability durability = new HeldDurability();
    List<String> answered = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(new LedgerShardVerticle(SHARD, 120_000, vx -> durability))
        .compose(id -> {
          send(vertx, Operation.open("open-1", "acc-1", 100)).onSuccess(r -> answered.add("open-1"));
          return batchesSent(vertx, durability, 1);
        })
        .compose(v -> {
          Future<JsonObject> second = send(vertx, Operation.open("open-2", "acc-2", 100))
              .onSuccess(r -> answered.add("open-2"));
          return batchesSent(vertx, durability, 2).compose(sent -> {
            durability.batches.get(1).complete();       // the second is durable; the first is not yet
            vertx.setTimer(50, t -> {
              answered.add("checked");
              durability.batches.get(0).complete();
            });
            return second;
          });
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(List.of("checked", "open-1", "open-2"), answered);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("without a majority an owner answers no read either (NO_MAJORITY), and counts only what it answered")
  void noReadWithoutMajority(Vertx vertx, VertxTestContext ctx) {
    HeldDurability durability = new HeldDurability();
    LedgerAnswers answers = new LedgerAnswers();
    Checkpoint readWithMajority = ctx.checkpoint();
    Checkpoint refusedWithout = ctx.checkpoint();
    vertx.deployVerticle(new LedgerShardVerticle(SHARD, 120_000, vx -> durability, answers))
        .compose(id -> openedAndAcked(vertx, durability))
        .compose(opened -> send(vertx, Operation.balance("acc-1")))
        .compose(read -> {
          ctx.verify(() -> assertEquals(100L, read.getLong("balance")));
          readWithMajority.flag();
          durability.majority = false;
          return send(vertx, Operation.balance("acc-1")).transform(Future::succeededFuture);
        })
        .onComplete(ctx.succeeding(refused -> ctx.verify(() -> {
          ReplyException e = assertInstanceOf(ReplyException.class, refused.cause(), "a read was answered");
          assertEquals(BankError.NO_MAJORITY.code(), e.failureCode(), e.getMessage());
          long counted = answers.recent(System.currentTimeMillis()).stream().mapToLong(LedgerAnswers.Second::count)
              .sum();
          assertEquals(2, counted, "the open and the first read");
          refusedWithout.flag();
        })));
  }

  @Test
  @DisplayName("a read within the lease of the last acked batch is answered at once; after it, only once an empty batch is acked")
  void readsAfterTheLeaseAskTheFollower(Vertx vertx, VertxTestContext ctx) {
    HeldDurability durability = new HeldDurability();
    Checkpoint atOnce = ctx.checkpoint();
    Checkpoint confirmedFirst = ctx.checkpoint();
    List<String> seen = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(new LedgerShardVerticle(SHARD, 120_000, vx -> durability))
        .compose(id -> openedAndAcked(vertx, durability))
        .compose(opened -> send(vertx, Operation.balance("acc-1")))
        .compose(read -> {
          ctx.verify(() -> assertEquals(1, durability.batches.size(), "no batch for a read within the lease"));
          atOnce.flag();
          Promise<Void> leaseOver = Promise.promise();
          vertx.setTimer(LedgerShardVerticle.LEASE_NANOS / 1_000_000 + 100, t -> leaseOver.complete());
          return leaseOver.future();
        })
        .compose(v -> {
          Future<JsonObject> read = send(vertx, Operation.balance("acc-1")).onSuccess(r -> seen.add("read"));
          return batchesSent(vertx, durability, 2).compose(sent -> {
            seen.add("confirming");
            durability.batches.get(1).complete();
            return read;
          });
        })
        .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
          assertEquals(List.of("confirming", "read"), seen);
          assertEquals(100L, read.getLong("balance"));
          confirmedFirst.flag();
        })));
  }
}
