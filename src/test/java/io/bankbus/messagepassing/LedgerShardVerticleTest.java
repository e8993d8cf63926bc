package io.bankbus.messagepassing;

import static io.bankbus.messagepassing.LocalShard.SHARD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A ledger shard's owner and its follower, on a local Vert.x standing in for nodes a, b and c ({@link LocalShard}):
 * what an owner answered is in its follower's copy, the follower takes the shard over from it, and an owner that
 * was replaced is refused and steps aside.
 */
@ExtendWith(VertxExtension.class)
class LedgerShardVerticleTest {
  private static final long WINDOW_MS = 120_000;
  private LocalShard shard;
  private ShardCopiesVerticle copiesOfB;

  @BeforeEach
  void nodeBCanFollow(Vertx vertx, VertxTestContext ctx) {
    shard = new LocalShard(vertx, WINDOW_MS);
    shard.join("node-b").onSuccess(b -> copiesOfB = b).onComplete(ctx.succeedingThenComplete());
  }

  private static Future<OperationResult> send(Vertx vertx, Operation op) {
    return vertx.eventBus().<JsonObject>request(Addresses.ledgerShard(SHARD), op.toJson(),
        new DeliveryOptions().setSendTimeout(5_000)).map(reply -> OperationResult.fromJson(reply.body()));
  }

  /** Sends {@code op} until it is answered, at most {@code tries} times: a retry with the same id is safe. */
  private static Future<OperationResult> sendUntilAnswered(Vertx vertx, Operation op, int tries) {
    return send(vertx, op).recover(failure -> tries > 1 && BankError.of(failure).retryable()
        ? later(vertx, () -> sendUntilAnswered(vertx, op, tries - 1)) : Future.failedFuture(failure));
  }

  private static <T> Future<T> later(Vertx vertx, Supplier<Future<T>> next) {
    Promise<T> done = Promise.promise();
    vertx.setTimer(50, t -> next.get().onComplete(done));
    return done.future();
  }

  /**
   * node-a owns the shard (followed by node-b, the only other node then): opens acc-1 with 1,000 and deposits 250
   * (dep-1); then node-c joins.
   */
  private Future<String> ownedByAWithADeposit(Vertx vertx) {
    return shard.firstOwner("node-a").compose(a -> send(vertx, Operation.open("open-1", "acc-1", 1_000))
        .compose(r -> send(vertx, Operation.deposit("dep-1", "acc-1", 250)))
        .compose(r -> shard.join("node-c")).map(a));
  }

  /** node-a's node dies; node-b, its follower, claims the next epoch and owns the shard from its copy. */
  private Future<String> takenOverByB(Vertx vertx, String ownerA) {
    shard.members.remove("node-a");
    return vertx.undeploy(ownerA).compose(v -> takeOverByB());
  }

  private Future<String> takeOverByB() {
    ShardClaims claims = shard.claims("node-b");
    return claims.get(SHARD).compose(claim -> claims.replace(SHARD, claim, claim.takenOverByFollower())
        .compose(won -> copiesOfB.take(SHARD, claim.epoch()))
        .compose(ledger -> shard.owner("node-b", claim.epoch() + 1, ledger)));
  }

  @Test
  @DisplayName("an owner's follower is named in the shard's claim before the owner answers anything")
  void theFollowerIsNamedInTheClaim(Vertx vertx, VertxTestContext ctx) {
    Checkpoint named = ctx.checkpoint();
    ownedByAWithADeposit(vertx).compose(a -> shard.claims("node-a").get(SHARD)).onComplete(ctx.succeeding(claim -> {
      ctx.verify(() -> assertEquals(new ShardClaim("node-a", "node-b", 1), claim));
      named.flag();
    }));
  }

  @Test
  @DisplayName("what an owner answered is in its follower's copy")
  void answeredMeansCopied(Vertx vertx, VertxTestContext ctx) {
    Checkpoint copied = ctx.checkpoint();
    ownedByAWithADeposit(vertx).compose(a -> copiesOfB.take(SHARD, 1)).onComplete(ctx.succeeding(copy -> {
      ctx.verify(() -> assertEquals(1_250, copy.balanceOf("acc-1")));
      copied.flag();
    }));
  }

  @Test
  @DisplayName("the follower takes the shard over from its copy: the balances survive the owner")
  void takeoverKeepsTheBalances(Vertx vertx, VertxTestContext ctx) {
    Checkpoint kept = ctx.checkpoint();
    ownedByAWithADeposit(vertx).compose(a -> takenOverByB(vertx, a))
        .compose(b -> send(vertx, Operation.balance("acc-1")))
        .onComplete(ctx.succeeding(balance -> {
          ctx.verify(() -> assertEquals(1_250, balance.balance()));
          kept.flag();
        }));
  }

  @Test
  @DisplayName("the follower takes the shard over from its copy: an id the owner applied replays, not applies again")
  void takeoverKeepsTheIds(Vertx vertx, VertxTestContext ctx) {
    Checkpoint replayed = ctx.checkpoint();
    ownedByAWithADeposit(vertx).compose(a -> takenOverByB(vertx, a))
        .compose(b -> send(vertx, Operation.deposit("dep-1", "acc-1", 250)))
        .onComplete(ctx.succeeding(replay -> {
          ctx.verify(() -> {
            assertTrue(replay.replayed());
            assertEquals(1_250, replay.balance());
          });
          replayed.flag();
        }));
  }

  @Test
  @DisplayName("the new owner names a new follower, and what it answers is in that follower's copy")
  void theNewOwnerIsFollowedToo(Vertx vertx, VertxTestContext ctx) {
    Checkpoint followed = ctx.checkpoint();
    ownedByAWithADeposit(vertx).compose(a -> takenOverByB(vertx, a))
        .compose(b -> send(vertx, Operation.deposit("dep-2", "acc-1", 5)))
        .compose(r -> shard.claims("node-b").get(SHARD))
        .onComplete(ctx.succeeding(claim -> {
          ctx.verify(() -> assertEquals(new ShardClaim("node-b", "node-c", 2), claim));
          followed.flag();
        }));
  }

  @Test
  @DisplayName("an owner that carries on after its follower took over is refused and steps aside: each deposit is applied once")
  void aReplacedOwnerIsFencedOff(Vertx vertx, VertxTestContext ctx) {
    Checkpoint appliedOnce = ctx.checkpoint();
    shard.firstOwner("node-a")
        .compose(a -> send(vertx, Operation.open("open-1", "acc-1", 0)))
        .compose(r -> shard.join("node-c"))
        // node-b takes over while node-a still runs: requests now reach one or the other.
        .compose(r -> takeOverByB())
        .compose(b -> {
          Future<Void> chain = Future.succeededFuture();
          for (int i = 1; i <= 10; i++) {
            Operation deposit = Operation.deposit("dep-" + i, "acc-1", 1);
            chain = chain.compose(v -> sendUntilAnswered(vertx, deposit, 10).mapEmpty());
          }
          return chain;
        })
        .compose(v -> sendUntilAnswered(vertx, Operation.balance("acc-1"), 10))
        .onComplete(ctx.succeeding(balance -> {
          ctx.verify(() -> assertEquals(10, balance.balance(), "each deposit applied exactly once"));
          appliedOnce.flag();
        }));
  }

  @Test
  @DisplayName("an owner whose follower left fills another node's copy and goes on")
  void aLostFollowerIsReplaced(Vertx vertx, VertxTestContext ctx) {
    Checkpoint refilled = ctx.checkpoint();
    ownedByAWithADeposit(vertx)
        .compose(a -> {
          shard.members.remove("node-b");
          return sendUntilAnswered(vertx, Operation.deposit("dep-2", "acc-1", 5), 40);
        })
        .compose(r -> pollClaim(vertx, 40))
        .onComplete(ctx.succeeding(claim -> {
          ctx.verify(() -> assertEquals("node-c", claim.follower()));
          refilled.flag();
        }));
  }

  /** Reads the claim every 50 ms until it names node-c follower, at most {@code reads} times. */
  private Future<ShardClaim> pollClaim(Vertx vertx, int reads) {
    return shard.claims("node-a").get(SHARD).compose(claim -> "node-c".equals(claim.follower()) || reads <= 1
        ? Future.succeededFuture(claim) : later(vertx, () -> pollClaim(vertx, reads - 1)));
  }
}
