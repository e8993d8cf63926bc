package io.bankbus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.support.Replies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HeapVerticleTest {
  private static final String NODE = "node-x";
  private static final String ADDRESS = Addresses.nodeHeap(NODE);

  private static Future<JsonObject> ask(Vertx vertx, Object body) {
    return vertx.deployVerticle(new HeapVerticle(NODE))
        .compose(id -> vertx.eventBus().<JsonObject>request(ADDRESS, body).map(reply -> reply.body()));
  }

  @Test
  @DisplayName("the heap address answers the node's heap figures")
  void figures(Vertx vertx, VertxTestContext ctx) {
    Checkpoint plain = ctx.checkpoint();
    ask(vertx, new JsonObject())
        .onComplete(ctx.succeeding(reply -> {
          ctx.verify(() -> {
            assertEquals(NODE, reply.getString("node"));
            assertEquals(false, reply.getBoolean("gc"));
            assertTrue(reply.getLong("heapUsedBytes") > 0 && reply.getLong("heapUsedBytes") <= reply.getLong("heapCommittedBytes"));
          });
          plain.flag();
        }));
  }

  @Test
  @DisplayName("asked for a full GC, the heap address runs one before it answers")
  void afterGc(Vertx vertx, VertxTestContext ctx) {
    Checkpoint collected = ctx.checkpoint();
    ask(vertx, new JsonObject().put("gc", true))
        .onComplete(ctx.succeeding(reply -> {
          ctx.verify(() -> assertEquals(true, reply.getBoolean("gc")));
          collected.flag();
        }));
  }

  @Test
  @DisplayName("bad input is refused with a documented code without stopping the verticle")
  void badInput(Vertx vertx, VertxTestContext ctx) {
    Checkpoint notJson = ctx.checkpoint();
    Checkpoint wrongType = ctx.checkpoint();
    Checkpoint stillServing = ctx.checkpoint();
    Replies.refusalCode(ask(vertx, "gc please"))
        .compose(code -> {
          ctx.verify(() -> assertEquals(BankError.INVALID_MESSAGE.code(), code));
          notJson.flag();
          return Replies.refusalCode(vertx.eventBus().request(ADDRESS, new JsonObject().put("gc", "yes")));
        })
        .compose(code -> {
          ctx.verify(() -> assertEquals(BankError.INVALID_FIELD.code(), code));
          wrongType.flag();
          return vertx.eventBus().<JsonObject>request(ADDRESS, new JsonObject());
        })
        .onComplete(ctx.succeeding(ok -> stillServing.flag()));
  }
}
