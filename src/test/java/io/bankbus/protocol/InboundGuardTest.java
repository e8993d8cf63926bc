package io.bankbus.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.support.Replies;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class InboundGuardTest {
  private static JsonObject nested(int depth) {
    JsonObject inner = new JsonObject().put("x", 1);
    for (int i = 1; i < depth; i++) {
      inner = new JsonObject().put("x", inner);
    }
    return inner;
  }

  @Test
  @DisplayName("the bank's own bodies pass the size and depth limits")
  void withinTheLimits() {
    assertNull(InboundGuard.check(Operation.transfer("t1", "a", "b", 5).toJson()));
    assertNull(InboundGuard.check(nested(InboundGuard.MAX_DEPTH - 1)));
  }

  @Test
  @DisplayName("a huge string, a huge array or deep nesting is over the size and depth limits")
  void overTheLimits() {
    assertTrue(InboundGuard.check(nested(InboundGuard.MAX_DEPTH + 1)).contains("nested deeper"));
    assertTrue(InboundGuard.check(new JsonObject().put("opId", "x".repeat(InboundGuard.MAX_CHARS))).contains("larger"));
    JsonArray many = new JsonArray();
    for (int i = 0; i < InboundGuard.MAX_CHARS / 8 + 1; i++) {
      many.add(i);
    }
    assertTrue(InboundGuard.check(new JsonObject().put("ops", many)).contains("larger"));
  }

  @Test
  @DisplayName("in front of a bank address, bad bodies are refused with 100/106 before they reach the consumer")
  void refusesBeforeTheConsumer(Vertx vertx, VertxTestContext ctx) {
    Checkpoint notJson = ctx.checkpoint();
    Checkpoint tooDeep = ctx.checkpoint();
    Checkpoint fine = ctx.checkpoint();
    AtomicInteger reached = new AtomicInteger();
    vertx.eventBus().addInboundInterceptor(new InboundGuard());
    vertx.eventBus().consumer("bankbus.test.guarded", m -> {
      reached.incrementAndGet();
      m.reply("ok");
    });
    Replies.refusalCode(vertx.eventBus().request("bankbus.test.guarded", Buffer.buffer("\u0000\u0001")))
        .compose(c -> {
          ctx.verify(() -> assertEquals(BankError.INVALID_MESSAGE.code(), c));
          notJson.flag();
          return Replies.refusalCode(vertx.eventBus().request("bankbus.test.guarded", nested(100)));
        })
        .compose(c -> {
          ctx.verify(() -> {
            assertEquals(BankError.MESSAGE_TOO_LARGE.code(), c);
            assertEquals(0, reached.get(), "nothing bad reached the consumer");
          });
          tooDeep.flag();
          return vertx.eventBus().request("bankbus.test.guarded", new JsonObject().put("op", "balance"));
        })
        .onComplete(ctx.succeeding(ok -> {
          ctx.verify(() -> assertEquals(1, reached.get()));
          fine.flag();
        }));
  }

  @Test
  @DisplayName("addresses that are not the bank's are left untouched by the guard")
  void othersUntouched(Vertx vertx, VertxTestContext ctx) {
    Checkpoint elsewhere = ctx.checkpoint();
    vertx.eventBus().addInboundInterceptor(new InboundGuard());
    vertx.eventBus().consumer("other.address", m -> m.reply(m.body()));
    vertx.eventBus().request("other.address", "plain text is someone else's business")
        .onComplete(ctx.succeeding(echo -> elsewhere.flag()));
  }
}
