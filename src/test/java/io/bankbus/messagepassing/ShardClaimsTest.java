package io.bankbus.messagepassing;

import static io.bankbus.messagepassing.LocalShard.SHARD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Shard claims on a local Vert.x (see {@link LocalShard}): which shards no live node owns. */
@ExtendWith(VertxExtension.class)
class ShardClaimsTest {
  @Test
  @DisplayName("the orphans are exactly the shards with a log but no live claim")
  void lostClaimIsAnOrphan(Vertx vertx, VertxTestContext ctx) {
    Checkpoint found = ctx.checkpoint();
    ShardClaims claims = new ShardClaims(vertx, "node-a", () -> java.util.Set.of("node-a"));
    LocalShard.log(vertx).append(new ShardLog.Batch(1, "node-gone", 0, List.of()))
        .compose(written -> claims.orphans(8))
        .onComplete(ctx.succeeding(orphans -> {
          ctx.verify(() -> assertEquals(List.of(SHARD), orphans));
          found.flag();
        }));
  }
}
