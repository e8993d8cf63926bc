package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A ledger shard's log on a local Vert.x (see {@link LocalShard}): how batches and bases are written and read back. */
@ExtendWith(VertxExtension.class)
class ShardLogTest {
  @Test
  @DisplayName("a sequence number of the log is written once: a second writer is refused")
  void appendOnce(Vertx vertx, VertxTestContext ctx) {
    Checkpoint first = ctx.checkpoint();
    Checkpoint second = ctx.checkpoint();
    ShardLog log = LocalShard.log(vertx);
    log.append(new ShardLog.Batch(1, "a", 0, List.of(Operation.open("o1", "acc", 5))))
        .compose(won -> {
          ctx.verify(() -> assertTrue(won));
          first.flag();
          return log.append(new ShardLog.Batch(1, "b", 0, List.of(Operation.deposit("d1", "acc", 1))));
        })
        .compose(won -> log.load().map(contents -> {
          ctx.verify(() -> {
            assertFalse(won, "the second writer of sequence 1 must be refused");
            assertEquals(1, contents.batches().size());
            assertEquals("a", contents.batches().get(0).owner());
          });
          second.flag();
          return null;
        }))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("a compacted log reads back as its latest base followed by the batches after it")
  void baseAndDelete(Vertx vertx, VertxTestContext ctx) {
    Checkpoint compacted = ctx.checkpoint();
    ShardLog log = LocalShard.log(vertx);
    Future<Boolean> chain = Future.succeededFuture(true);
    for (long seq = 1; seq <= 4; seq++) {
      long s = seq;
      chain = chain.compose(w -> log.append(new ShardLog.Batch(s, "a", s, List.of(Operation.deposit("d" + s, "acc", 1)))));
    }
    chain.compose(w -> log.writeBase(new ShardLog.Base(3, java.util.Map.of("acc", 3L))))
        .compose(v -> log.delete(1, 3))
        .compose(v -> log.writeBase(new ShardLog.Base(2, java.util.Map.of("acc", 2L))))   // an older base: ignored
        .compose(v -> log.load())
        .onComplete(ctx.succeeding(contents -> {
          ctx.verify(() -> {
            assertEquals(3, contents.base().seq());
            assertEquals(3L, contents.base().balances().get("acc"));
            assertEquals(List.of(4L), contents.batches().stream().map(ShardLog.Batch::seq).toList());
            assertEquals(4, contents.lastSeq());
          });
          compacted.flag();
        }));
  }

  @Test
  @DisplayName("a log with a batch missing after its base is refused, after re-reading, not replayed with a hole")
  void gapRefused(Vertx vertx, VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    ShardLog log = LocalShard.log(vertx);
    log.append(new ShardLog.Batch(1, "a", 0, List.of()))
        .compose(w -> log.append(new ShardLog.Batch(3, "a", 0, List.of())))
        .compose(w -> log.load())
        .onComplete(ctx.failing(failure -> {
          ctx.verify(() -> assertTrue(failure.getMessage().contains("batch 2 is missing"), failure.getMessage()));
          refused.flag();
        }));
  }
}
