package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The follower side's fencing of fills: only the epoch the shard's claim names may start a copy. */
@ExtendWith(VertxExtension.class)
class ShardCopiesVerticleTest {
  private static final int SHARD = 7;
  private static final long WINDOW_MS = 120_000;

  /** A fill as owners send it, in the ledger's binary form. */
  private static Future<Object> fill(Vertx vertx, long epoch) {
    return send(vertx, LedgerFills.fill(SHARD, epoch, 1, new Ledger(WINDOW_MS)));
  }

  private static Future<Object> send(Vertx vertx, Object body) {
    return vertx.eventBus().request(Addresses.shardCopies("node-f"), body).map(reply -> reply.body());
  }

  /** The shard claimed by node-o at epoch 1, then taken over by node-n at epoch 2; node-f can follow. */
  private static Future<Void> claimedAtEpochTwo(Vertx vertx) {
    ShardClaims claims = new ShardClaims(vertx, "node-o");
    ShardClaim first = new ShardClaim("node-o", "node-n", 1);
    return vertx.deployVerticle(new ShardCopiesVerticle("node-f", WINDOW_MS))
        .compose(id -> claims.claimFree(List.of(SHARD)))
        .compose(owned -> claims.replace(SHARD, ShardClaim.first("node-o"), first))
        .compose(ok -> claims.replace(SHARD, first, first.takenOverByFollower())).mapEmpty();
  }

  @Test
  @DisplayName("a fill from an owner of an epoch before the claim's is refused as stale: a replaced owner finds no new follower")
  void staleFillIsRefused(Vertx vertx, VertxTestContext ctx) {
    claimedAtEpochTwo(vertx).compose(v -> fill(vertx, 1)).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertEquals(BankError.STALE_EPOCH, BankError.of(failure));
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a fill of the epoch the claim names is applied")
  void currentFillIsApplied(Vertx vertx, VertxTestContext ctx) {
    claimedAtEpochTwo(vertx).compose(v -> fill(vertx, 2)).onComplete(ctx.succeeding(body -> ctx.verify(() -> {
      assertEquals(new JsonObject(), body);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a fill in JSON, as a tool may send it, is applied too")
  void jsonFillIsApplied(Vertx vertx, VertxTestContext ctx) {
    JsonObject fill = new JsonObject().put("op", "fill").put("shard", SHARD).put("epoch", 2).put("seq", 1)
        .put("ledger", new Ledger(WINDOW_MS).copy());
    claimedAtEpochTwo(vertx).compose(v -> send(vertx, fill)).onComplete(ctx.succeeding(body -> ctx.verify(() -> {
      assertEquals(new JsonObject(), body);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a binary fill whose ledger does not read is refused INVALID_MESSAGE")
  void unreadableFillIsRefused(Vertx vertx, VertxTestContext ctx) {
    LedgerCodecs.Fill garbled = new LedgerCodecs.Fill(SHARD, 2, 1, Buffer.buffer().appendInt(5));
    claimedAtEpochTwo(vertx).compose(v -> send(vertx, garbled)).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertEquals(BankError.INVALID_MESSAGE, BankError.of(failure));
      ctx.completeNow();
    })));
  }
}
