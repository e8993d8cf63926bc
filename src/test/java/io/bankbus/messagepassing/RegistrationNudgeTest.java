package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RegistrationNudgeTest {
  @Test
  @DisplayName("a nudge leaves no consumer behind, and goes out at most once a second per address")
  void nudge(Vertx vertx, VertxTestContext ctx) {
    Checkpoint rateLimited = ctx.checkpoint();
    Checkpoint gone = ctx.checkpoint();
    RegistrationNudge nudge = new RegistrationNudge(vertx);
    Future<Void> first = nudge.nudge("test.nudged");
    ctx.verify(() -> {
      assertNotNull(first);
      assertNull(nudge.nudge("test.nudged"), "a second nudge within the interval");
      assertNotNull(nudge.nudge("test.other"), "another address is nudged on its own");
    });
    rateLimited.flag();
    first.compose(v -> vertx.eventBus().request("test.nudged", new JsonObject()))
        .onComplete(ctx.failing(failure -> {
          ctx.verify(() -> assertEquals(ReplyFailure.NO_HANDLERS, ((ReplyException) failure).failureType()));
          gone.flag();
        }));
  }
}
