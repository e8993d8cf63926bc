package io.bankbus.messagepassing;

import static io.bankbus.messagepassing.LocalShard.SHARD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A ledger shard's owner on a local Vert.x (see {@link LocalShard}): what an owner answered is in the log, a new
 * owner rebuilds it, and an old owner that carries on is fenced off.
 */
@ExtendWith(VertxExtension.class)
class LedgerShardVerticleTest {
  private static final long WINDOW_MS = 120_000;

  private static Future<OperationResult> send(Vertx vertx, Operation op) {
    return vertx.eventBus().<JsonObject>request(Addresses.ledgerShard(SHARD), op.toJson(),
        new DeliveryOptions().setSendTimeout(5_000)).map(reply -> OperationResult.fromJson(reply.body()));
  }

  /** Sends {@code op} until it is answered, at most {@code tries} times: a retry with the same id is safe. */
  private static Future<OperationResult> sendUntilAnswered(Vertx vertx, Operation op, int tries) {
    return send(vertx, op).recover(failure -> tries > 1 && BankError.of(failure).retryable()
        ? sendUntilAnswered(vertx, op, tries - 1) : Future.failedFuture(failure));
  }

  /** node-a opens acc-1 with 1,000 and deposits 250 (dep-1), then leaves; node-b takes the shard over. */
  private static Future<String> handedOver(Vertx vertx) {
    return vertx.deployVerticle(LocalShard.owner("node-a", WINDOW_MS))
        .compose(a -> send(vertx, Operation.open("open-1", "acc-1", 1_000))
            .compose(r -> send(vertx, Operation.deposit("dep-1", "acc-1", 250)))
            .compose(r -> vertx.undeploy(a)))
        .compose(v -> vertx.deployVerticle(LocalShard.owner("node-b", WINDOW_MS)));
  }

  @Test
  @DisplayName("a new owner rebuilds the balances the old owner left from the log")
  void rebuild(Vertx vertx, VertxTestContext ctx) {
    Checkpoint balanceKept = ctx.checkpoint();
    handedOver(vertx)
        .compose(b -> send(vertx, Operation.balance("acc-1")))
        .onComplete(ctx.succeeding(balance -> {
          ctx.verify(() -> assertEquals(1_250, balance.balance()));
          balanceKept.flag();
        }));
  }

  @Test
  @DisplayName("a new owner remembers from the log the ids the old owner applied")
  void rebuildIds(Vertx vertx, VertxTestContext ctx) {
    Checkpoint idRemembered = ctx.checkpoint();
    handedOver(vertx)
        .compose(b -> send(vertx, Operation.deposit("dep-1", "acc-1", 250)))
        .onComplete(ctx.succeeding(replay -> {
          ctx.verify(() -> {
            assertTrue(replay.replayed(), "the id applied by the old owner must replay, not apply again");
            assertEquals(1_250, replay.balance());
          });
          idRemembered.flag();
        }));
  }

  @Test
  @DisplayName("an old owner that carries on after a new one took over is fenced off: each deposit is applied once")
  void fenced(Vertx vertx, VertxTestContext ctx) {
    Checkpoint appliedOnce = ctx.checkpoint();
    vertx.deployVerticle(LocalShard.owner("node-a", WINDOW_MS))
        .compose(a -> send(vertx, Operation.open("open-1", "acc-1", 0)))
        // node-b takes over while node-a is still registered: requests now reach one or the other.
        .compose(r -> vertx.deployVerticle(LocalShard.owner("node-b", WINDOW_MS)))
        .compose(b -> {
          Future<Void> chain = Future.succeededFuture();
          for (int i = 1; i <= 10; i++) {
            Operation deposit = Operation.deposit("dep-" + i, "acc-1", 1);
            chain = chain.compose(v -> sendUntilAnswered(vertx, deposit, 5).mapEmpty());
          }
          return chain;
        })
        .compose(v -> send(vertx, Operation.balance("acc-1")))
        .onComplete(ctx.succeeding(balance -> {
          ctx.verify(() -> assertEquals(10, balance.balance(), "each deposit applied exactly once"));
          appliedOnce.flag();
        }));
  }

  private static final long SHORT_WINDOW_MS = 200;

  /** The owner's deployment id and its log once it has compacted it. */
  private record Compacted(String owner, ShardLog.Contents contents) {
  }

  /**
   * node-a, with a short window, opens acc-1 with 100 and deposits 20 cents one at a time; completes once it has
   * written a base past the first batch.
   */
  private static Future<Compacted> compactedByItsOwner(Vertx vertx) {
    ShardLog log = LocalShard.log(vertx);
    return vertx.deployVerticle(LocalShard.owner("node-a", SHORT_WINDOW_MS))
        .compose(a -> {
          Future<OperationResult> chain = send(vertx, Operation.open("open-1", "acc-1", 100));
          for (int i = 1; i <= 20; i++) {
            Operation deposit = Operation.deposit("dep-" + i, "acc-1", 1);
            chain = chain.compose(r -> send(vertx, deposit));
          }
          return chain.compose(r -> poll(vertx, log, contents -> contents.base().seq() > 1, 100))
              .map(contents -> new Compacted(a, contents));
        });
  }

  @Test
  @DisplayName("with a short window the owner compacts its log, deleting the batches its base covers")
  void compacts(Vertx vertx, VertxTestContext ctx) {
    Checkpoint logCompacted = ctx.checkpoint();
    compactedByItsOwner(vertx).onComplete(ctx.succeeding(compacted -> {
      ShardLog.Contents contents = compacted.contents();
      ctx.verify(() -> assertTrue(contents.batches().size() < 21,
          "batches covered by the base must be deleted, found " + contents.batches().size()));
      logCompacted.flag();
    }));
  }

  @Test
  @DisplayName("a new owner rebuilds the same balances from a compacted log")
  void rebuildsFromACompactedLog(Vertx vertx, VertxTestContext ctx) {
    Checkpoint rebuilt = ctx.checkpoint();
    compactedByItsOwner(vertx)
        .compose(compacted -> vertx.undeploy(compacted.owner()))
        .compose(v -> vertx.deployVerticle(LocalShard.owner("node-b", SHORT_WINDOW_MS)))
        .compose(b -> send(vertx, Operation.balance("acc-1")))
        .onComplete(ctx.succeeding(balance -> {
          ctx.verify(() -> assertEquals(120, balance.balance()));
          rebuilt.flag();
        }));
  }

  /** Reads the log every 50 ms until {@code done} holds, at most {@code reads} times. */
  private static Future<ShardLog.Contents> poll(Vertx vertx, ShardLog log,
                                                java.util.function.Predicate<ShardLog.Contents> done, int reads) {
    return log.load().compose(contents -> {
      if (done.test(contents)) {
        return Future.succeededFuture(contents);
      }
      if (reads <= 1) {
        return Future.failedFuture("the log was not compacted in time: base " + contents.base().seq());
      }
      io.vertx.core.Promise<ShardLog.Contents> next = io.vertx.core.Promise.promise();
      vertx.setTimer(50, t -> poll(vertx, log, done, reads - 1).onComplete(next));
      return next.future();
    });
  }
}
