package io.bankbus.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.sharedstate.FaultyMap.Fault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write of the locked shared-state model that Hazelcast does not confirm (its backup's member died: an
 * "indeterminate" write, applied or not) must not let the operation's retry apply it a second time. Seen in a
 * chaos run: a transfer whose "done" record failed gave its claim back, its retry applied it again, and two
 * accounts were off by its amount (the total still exact).
 */
@ExtendWith(VertxExtension.class)
class UnsureWriteTest {
  private static final String NODE = "node-1";

  private FaultyMap<String> balances;
  private FaultyMap<JsonObject> applied;
  private SharedAccounts accounts;
  private LockedSharedStateTeller teller;

  @BeforeEach
  void bank(Vertx vertx, VertxTestContext ctx) {
    Future<AsyncMap<String, String>> b = vertx.sharedData().<String, String>getAsyncMap("unsure.balances")
        .map(m -> balances = new FaultyMap<>(m));
    Future<AsyncMap<String, JsonObject>> a = vertx.sharedData().<String, JsonObject>getAsyncMap("unsure.applied")
        .map(m -> applied = new FaultyMap<>(m));
    accounts = SharedAccounts.of(b, a, 60_000);
    teller = new LockedSharedStateTeller(accounts, new AccountLocks(vertx, vertx.getOrCreateContext(), "unsure.",
        1_000), NODE, () -> Set.of(NODE));
    Future.all(b, a)
        .compose(v -> teller.execute(Operation.open("open-a", "a", 1_000), "t"))
        .compose(r -> teller.execute(Operation.open("open-b", "b", 1_000), "t"))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static boolean doneRecordOf(String opId, String key, JsonObject record) {
    return key.equals(opId) && SharedAccounts.DONE.equals(record.getString("state"));
  }

  private Future<Long> balance(String account) {
    return teller.execute(Operation.balance(account), "t").map(OperationResult::balance);
  }

  /** The first attempt of {@code op} fails retryable; its retry (same id) replays; then the balances. */
  private void firstFailsRetryReplays(VertxTestContext ctx, Operation op, long wantA, long wantB) {
    Checkpoint toldToRetry = ctx.checkpoint();
    Checkpoint replayed = ctx.checkpoint();
    Checkpoint appliedOnce = ctx.checkpoint();
    teller.execute(op, "t")
        .transform(first -> {
          ctx.verify(() -> {
            assertTrue(first.failed(), "the first attempt was to fail");
            BankException e = assertInstanceOf(BankException.class, first.cause());
            assertEquals(BankError.UNAVAILABLE, e.error(), e.getMessage());
          });
          toldToRetry.flag();
          return teller.execute(op, "t");
        })
        .compose(retry -> {
          ctx.verify(() -> assertTrue(retry.replayed(), "the retry applied it again: " + retry));
          replayed.flag();
          return Future.all(balance("a"), balance("b"));
        })
        .onComplete(ctx.succeeding(both -> {
          ctx.verify(() -> {
            assertEquals(wantA, (long) both.resultAt(0), "a");
            assertEquals(wantB, (long) both.resultAt(1), "b");
          });
          appliedOnce.flag();
        }));
  }

  @Test
  @DisplayName("a transfer whose 'done' record is lost is settled as applied; its retry replays it")
  void lostDoneRecord(VertxTestContext ctx) {
    Operation op = Operation.transfer("t-1", "a", "b", 200);
    applied.failNext(1, Fault.LOST, (k, v) -> doneRecordOf("t-1", k, v));
    firstFailsRetryReplays(ctx, op, 800, 1_200);
  }

  @Test
  @DisplayName("a deposit whose 'done' record cannot be written even while settling is settled by its retry")
  void doneRecordLostTwice(VertxTestContext ctx) {
    Operation op = Operation.deposit("d-1", "a", 300);
    applied.failNext(2, Fault.LOST, (k, v) -> doneRecordOf("d-1", k, v));
    firstFailsRetryReplays(ctx, op, 1_300, 1_000);
  }

  @Test
  @DisplayName("a transfer whose debit was applied but reported failed is completed once")
  void debitAppliedButFailed(VertxTestContext ctx) {
    balances.failNext(1, Fault.APPLIED_BUT_FAILED, (k, v) -> k.equals("a") && v.contains("@t-2@"));
    firstFailsRetryReplays(ctx, Operation.transfer("t-2", "a", "b", 200), 800, 1_200);
  }

  @Test
  @DisplayName("a transfer whose credit was applied but reported failed (its debit given back) is completed once")
  void creditAppliedButFailed(VertxTestContext ctx) {
    balances.failNext(1, Fault.APPLIED_BUT_FAILED, (k, v) -> k.equals("b") && v.contains("@t-3@"));
    firstFailsRetryReplays(ctx, Operation.transfer("t-3", "a", "b", 200), 800, 1_200);
  }

  @Test
  @DisplayName("a transfer whose debit was lost is applied once, by its retry")
  void debitLost(VertxTestContext ctx) {
    balances.failNext(1, Fault.LOST, (k, v) -> k.equals("a") && v.contains("@t-4@"));
    Checkpoint toldToRetry = ctx.checkpoint();
    Checkpoint appliedOnce = ctx.checkpoint();
    Operation op = Operation.transfer("t-4", "a", "b", 200);
    teller.execute(op, "t")
        .transform(first -> {
          ctx.verify(() -> assertTrue(first.failed()));
          toldToRetry.flag();
          return teller.execute(op, "t");
        })
        .compose(retry -> {
          ctx.verify(() -> assertFalse(retry.replayed(), "nothing had been applied: " + retry));
          return Future.all(balance("a"), balance("b"));
        })
        .onComplete(ctx.succeeding(both -> {
          ctx.verify(() -> {
            assertEquals(800L, (long) both.resultAt(0));
            assertEquals(1_200L, (long) both.resultAt(1));
            assertEquals(1, balances.injected.get());
          });
          appliedOnce.flag();
        }));
  }

  @Test
  @DisplayName("a refusal by a bank rule still gives its claim back, so the id may be used again")
  void refusalGivesClaimBack(VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    Checkpoint noClaim = ctx.checkpoint();
    teller.execute(Operation.withdraw("w-1", "a", 5_000), "t")
        .onComplete(ctx.failing(failure -> {
          ctx.verify(() -> assertEquals(BankError.INSUFFICIENT_FUNDS, ((BankException) failure).error()));
          refused.flag();
          accounts.record("w-1").onComplete(ctx.succeeding(record -> {
            ctx.verify(() -> assertNull(record));
            noClaim.flag();
          }));
        }));
  }
}
