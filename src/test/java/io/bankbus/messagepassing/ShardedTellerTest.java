package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.bankbus.client.RetryPolicy;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cross-shard transfer whose destination is away (its owner's node died and the shard is being adopted) must
 * be finished by the bank even if the customer gives up: the teller goes on sending the credit by itself.
 * Two scripted shard owners stand in for the ledger; they apply each leg id once and can refuse.
 */
@ExtendWith(VertxExtension.class)
class ShardedTellerTest {
  private static final long TIMEOUT_MS = 500;
  private static final long WINDOW_MS = 120_000;
  private static final ShardMap SHARDS = new ShardMap(2);

  private String from;
  private String to;
  /** Per leg id, how often a shard applied it. */
  private final Map<String, Integer> applied = new ConcurrentHashMap<>();
  /** Per leg id, what its shard answers to its next requests before applying it: error codes. */
  private final Map<String, List<Integer>> refusals = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  /** Leg ids whose next request the shard takes and never answers, as an owner that died with it. */
  private final Set<String> swallowOnce = ConcurrentHashMap.newKeySet();
  private volatile boolean debitReplays;
  /** When a replayed debit was first applied, as its owner says (epoch ms). */
  private volatile long replayedDebitAppliedAt;
  /** Per leg id, when a shard first applied it (epoch ms). */
  private final Map<String, Long> appliedAt = new ConcurrentHashMap<>();

  @BeforeEach
  void ledger(Vertx vertx, VertxTestContext ctx) {
    from = "acc-0";
    int i = 1;
    while (SHARDS.shardOf("acc-" + i) == SHARDS.shardOf(from)) {
      i++;
    }
    to = "acc-" + i;
    List<Future<Void>> registered = new ArrayList<>();
    for (int shard = 0; shard < SHARDS.shards(); shard++) {
      registered.add(vertx.eventBus().<Operation>consumer(Addresses.ledgerShard(shard), msg -> {
        Operation body = msg.body();                 // as a teller sends it: the ledger's binary form
        String legId = body.opId();
        requests.add(legId);
        if (swallowOnce.remove(legId)) {
          return;
        }
        List<Integer> next = refusals.getOrDefault(legId, List.of());
        if (!next.isEmpty()) {
          refusals.put(legId, next.subList(1, next.size()));
          msg.fail(next.get(0), "scripted refusal");
          return;
        }
        boolean replayedDebit = debitReplays && legId.endsWith("/debit");
        boolean replay = applied.containsKey(legId) || replayedDebit;
        applied.merge(legId, replay ? 0 : 1, Integer::sum);
        long at = replayedDebit ? replayedDebitAppliedAt : appliedAt.computeIfAbsent(legId,
            id -> System.currentTimeMillis());
        msg.reply(new LedgerCodecs.ShardAnswer(new OperationResult(body.type().wire(), legId, body.account(), 0, null, 0,
            replay), at));
      }).completion());
    }
    Future.all(registered).onComplete(ctx.succeedingThenComplete());
  }

  private static final int UNAVAILABLE = BankError.UNAVAILABLE.code();

  private Future<OperationResult> transfer(Vertx vertx, String id, long windowMs) {
    assertNotEquals(SHARDS.shardOf(from), SHARDS.shardOf(to));
    return new ShardedTeller(vertx, SHARDS, TIMEOUT_MS, windowMs).execute(Operation.transfer(id, from, to, 100), id);
  }

  /** Polls {@code done} every 20 ms, for at most 10 s. */
  private Future<Void> eventually(Vertx vertx, BooleanSupplier done) {
    Promise<Void> reached = Promise.promise();
    long deadline = System.currentTimeMillis() + 10_000;
    vertx.setPeriodic(20, id -> {
      if (done.getAsBoolean()) {
        vertx.cancelTimer(id);
        reached.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        reached.tryFail("not reached within 10 s; requests: " + new ArrayList<>(requests));
      }
    });
    return reached.future();
  }

  @Test
  @DisplayName("a credit that fails after a fresh debit is sent again by the teller until applied, once")
  void finishesTheCredit(Vertx vertx, VertxTestContext ctx) {
    Checkpoint customerToldUnavailable = ctx.checkpoint();
    Checkpoint creditedOnce = ctx.checkpoint();
    refusals.put("t1/credit", List.of(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE));
    transfer(vertx, "t1", WINDOW_MS).onComplete(ctx.failing(failure -> {
      ctx.verify(() -> assertEquals(BankError.UNAVAILABLE, BankError.of(failure)));
      customerToldUnavailable.flag();
      eventually(vertx, () -> applied.containsKey("t1/credit")).onComplete(ctx.succeeding(v -> {
        ctx.verify(() -> {
          assertEquals(1, applied.get("t1/debit"));
          assertEquals(1, applied.get("t1/credit"));
          assertEquals(4, requests.stream().filter("t1/credit"::equals).count());
        });
        creditedOnce.flag();
      }));
    }));
  }

  @Test
  @DisplayName("a credit refused for good while being finished is refunded")
  void refundsARefusedCredit(Vertx vertx, VertxTestContext ctx) {
    Checkpoint customerToldUnavailable = ctx.checkpoint();
    Checkpoint refunded = ctx.checkpoint();
    refusals.put("t2/credit", List.of(UNAVAILABLE, BankError.UNKNOWN_ACCOUNT.code()));
    transfer(vertx, "t2", WINDOW_MS).onComplete(ctx.failing(failure -> {
      customerToldUnavailable.flag();
      eventually(vertx, () -> applied.containsKey("t2/refund")).onComplete(ctx.succeeding(v -> {
        ctx.verify(() -> assertEquals(null, applied.get("t2/credit")));
        refunded.flag();
      }));
    }));
  }

  @Test
  @DisplayName("a transfer whose debit replays one applied a window ago is left to the customer's retry")
  void leavesAnOldReplayedDebit(Vertx vertx, VertxTestContext ctx) {
    Checkpoint replayedNotFinished = ctx.checkpoint();
    debitReplays = true;
    replayedDebitAppliedAt = System.currentTimeMillis() - WINDOW_MS + TIMEOUT_MS;
    refusals.put("t3/credit", List.of(UNAVAILABLE));
    ShardedTeller teller = new ShardedTeller(vertx, SHARDS, TIMEOUT_MS, WINDOW_MS);
    teller.execute(Operation.transfer("t3", from, to, 100), "t3")
        .onComplete(ctx.failing(failure -> {
          ctx.verify(() -> assertEquals(0, teller.finishing()));
          replayedNotFinished.flag();
        }));
  }

  @Test
  @DisplayName("a transfer whose debit replays one applied moments ago (its answer lost) has its credit finished")
  void finishesARecentReplayedDebit(Vertx vertx, VertxTestContext ctx) {
    Checkpoint customerToldUnavailable = ctx.checkpoint();
    Checkpoint credited = ctx.checkpoint();
    debitReplays = true;
    replayedDebitAppliedAt = System.currentTimeMillis() - 2_000;
    refusals.put("t3b/credit", List.of(UNAVAILABLE));
    transfer(vertx, "t3b", WINDOW_MS).onComplete(ctx.failing(failure -> {
      customerToldUnavailable.flag();
      eventually(vertx, () -> applied.containsKey("t3b/credit")).onComplete(ctx.succeeding(v -> {
        ctx.verify(() -> assertEquals(1, applied.get("t3b/credit")));
        credited.flag();
      }));
    }));
  }

  @Test
  @DisplayName("a debit without an answer is sent again after the customer is answered; once applied, the credit follows")
  void findsOutAnUnansweredDebit(Vertx vertx, VertxTestContext ctx) {
    Checkpoint customerToldUnavailable = ctx.checkpoint();
    Checkpoint finished = ctx.checkpoint();
    refusals.put("t5/debit", List.of(UNAVAILABLE, UNAVAILABLE));
    transfer(vertx, "t5", WINDOW_MS).onComplete(ctx.failing(failure -> {
      ctx.verify(() -> assertEquals(BankError.UNAVAILABLE, BankError.of(failure)));
      customerToldUnavailable.flag();
      eventually(vertx, () -> applied.containsKey("t5/credit")).onComplete(ctx.succeeding(v -> {
        ctx.verify(() -> {
          assertEquals(1, applied.get("t5/debit"));
          assertEquals(1, applied.get("t5/credit"));
          assertEquals(3, requests.stream().filter("t5/debit"::equals).count(), requests.toString());
        });
        finished.flag();
      }));
    }));
  }

  @Test
  @DisplayName("a debit without an answer that turns out refused leaves nothing owed: no credit is sent")
  void anUnansweredDebitRefusedLater(Vertx vertx, VertxTestContext ctx) {
    Checkpoint settled = ctx.checkpoint();
    refusals.put("t6/debit", List.of(UNAVAILABLE, BankError.INSUFFICIENT_FUNDS.code()));
    ShardedTeller teller = new ShardedTeller(vertx, SHARDS, TIMEOUT_MS, WINDOW_MS);
    teller.execute(Operation.transfer("t6", from, to, 100), "t6").onComplete(ctx.failing(failure ->
        eventually(vertx, () -> teller.finishing() == 0 && requests.stream().filter("t6/debit"::equals).count() == 2)
            .onComplete(ctx.succeeding(v -> {
              ctx.verify(() -> {
                assertEquals(null, applied.get("t6/debit"));
                assertFalse(requests.contains("t6/credit"), requests.toString());
              });
              settled.flag();
            }))));
  }

  @Test
  @DisplayName("a transfer whose ids the window is about to forget is left to the customer's retry, not finished by the teller")
  void leavesWhatTheWindowForgets(Vertx vertx, VertxTestContext ctx) {
    Checkpoint windowTooShortNotFinished = ctx.checkpoint();
    refusals.put("t4/credit", List.of(UNAVAILABLE));
    // The last safe start is already past: the teller must not send the credit again.
    ShardedTeller hurried = new ShardedTeller(vertx, SHARDS, TIMEOUT_MS, TIMEOUT_MS + RetryPolicy.SAFETY_MS);
    hurried.execute(Operation.transfer("t4", from, to, 100), "t4").onComplete(ctx.failing(again -> {
      ctx.verify(() -> assertEquals(0, hurried.finishing()));
      windowTooShortNotFinished.flag();
    }));
  }

  @Test
  @DisplayName("a leg its owner took and never answered is sent again within the request timeout, and applied once")
  void anUnansweredLegIsSentAgain(Vertx vertx, VertxTestContext ctx) {
    Checkpoint finished = ctx.checkpoint();
    swallowOnce.add("t-swallowed/debit");
    long started = System.nanoTime();
    new ShardedTeller(vertx, SHARDS, 3 * ShardedTeller.ATTEMPT_TIMEOUT_MS, WINDOW_MS)
        .execute(Operation.transfer("t-swallowed", from, to, 100), "t-swallowed")
        .onComplete(ctx.succeeding(result -> {
          ctx.verify(() -> {
            assertEquals(2, requests.stream().filter("t-swallowed/debit"::equals).count(), requests.toString());
            assertEquals(1, applied.get("t-swallowed/debit"));
            assertTrue((System.nanoTime() - started) / 1_000_000 < 3 * ShardedTeller.ATTEMPT_TIMEOUT_MS,
                "answered before the request timeout");
          });
          finished.flag();
        }));
  }
}
