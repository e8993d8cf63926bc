package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bankbus.protocol.BankError;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class NodeFiguresVerticleTest {
  @Test
  @DisplayName("answers {} with the node and its figures read when asked; refuses a body that is not an object")
  void answers(Vertx vertx, VertxTestContext ctx) {
    Checkpoint answered = ctx.checkpoint();
    Checkpoint refused = ctx.checkpoint();
    AtomicInteger finishing = new AtomicInteger(3);
    vertx.deployVerticle(new NodeFiguresVerticle("test.figures", "node-1",
            () -> new JsonObject().put("finishing", finishing.get())))
        .compose(id -> {
          finishing.set(4);
          return vertx.eventBus().<JsonObject>request("test.figures", new JsonObject());
        })
        .compose(reply -> {
          ctx.verify(() -> assertEquals(new JsonObject().put("finishing", 4).put("node", "node-1"), reply.body()));
          answered.flag();
          return vertx.eventBus().request("test.figures", "not json");
        })
        .onComplete(ctx.failing(failure -> {
          ctx.verify(() -> assertEquals(BankError.INVALID_MESSAGE.code(), ((ReplyException) failure).failureCode()));
          refused.flag();
        }));
  }
}
