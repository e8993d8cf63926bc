package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.BankError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An owner that drops a request unanswered (as a node does with a message for a consumer it has just unregistered)
 * costs the sender one attempt, not its whole timeout.
 */
@ExtendWith(VertxExtension.class)
class OwnerRequestsTest {
  private static final long ATTEMPT_MS = 200;

  @Test
  @DisplayName("a request dropped unanswered is sent again after one attempt's wait, and the second answer arrives")
  void droppedRequestIsSentAgain(Vertx vertx, VertxTestContext ctx) {
    Checkpoint answered = ctx.checkpoint();
    AtomicInteger seen = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer("test.owner.dropping", m -> {
      if (seen.incrementAndGet() > 1) {
        m.reply(new JsonObject().put("ok", true));
      }
    }).completion().compose(v -> {
      long started = System.currentTimeMillis();
      return new OwnerRequests(vertx).<JsonObject>request("test.owner.dropping", new JsonObject(),
          new DeliveryOptions(), ATTEMPT_MS, started + 10_000).map(reply -> System.currentTimeMillis() - started);
    }).onComplete(ctx.succeeding(tookMs -> ctx.verify(() -> {
      assertEquals(2, seen.get(), "the first ask dropped, the second answered");
      assertTrue(tookMs >= ATTEMPT_MS && tookMs < 10_000, "one attempt's wait, not the deadline: " + tookMs + " ms");
      answered.flag();
    })));
  }

  @Test
  @DisplayName("an owner slower than the first wait is answered by the fourth attempt, which waits twice as long")
  void slowOwnerAnswersALongerAttempt(Vertx vertx, VertxTestContext ctx) {
    Checkpoint answered = ctx.checkpoint();
    AtomicInteger seen = new AtomicInteger();
    // Every answer comes 1.5 first waits after its ask: with the same wait each time, none would ever be heard.
    vertx.eventBus().<JsonObject>consumer("test.owner.slow", m -> {
      int ask = seen.incrementAndGet();
      vertx.setTimer(ATTEMPT_MS * 3 / 2, t -> m.reply(new JsonObject().put("ask", ask)));
    }).completion().compose(v -> new OwnerRequests(vertx).<JsonObject>request("test.owner.slow", new JsonObject(),
            new DeliveryOptions(), ATTEMPT_MS, System.currentTimeMillis() + 10_000))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(4, reply.body().getInteger("ask"), "three short asks unheard, the fourth, twice as long, heard");
          assertEquals(4, seen.get());
          answered.flag();
        })));
  }

  @Test
  @DisplayName("a request that finds no owner yet is sent again until one registers")
  void noOwnerYet(Vertx vertx, VertxTestContext ctx) {
    Checkpoint answered = ctx.checkpoint();
    vertx.setTimer(150, t -> vertx.eventBus().<JsonObject>consumer("test.owner.late",
        m -> m.reply(new JsonObject().put("ok", true))));
    new OwnerRequests(vertx).<JsonObject>request("test.owner.late", new JsonObject(), new DeliveryOptions(),
        ATTEMPT_MS, System.currentTimeMillis() + 10_000).onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(true, reply.body().getBoolean("ok"));
          answered.flag();
        })));
  }

  @Test
  @DisplayName("a refusal ends the request at once: it is the caller's to retry or not")
  void refusalIsNotResent(Vertx vertx, VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    AtomicInteger seen = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer("test.owner.refusing", m -> {
      seen.incrementAndGet();
      BankError.UNAVAILABLE.fail(m, "moving");
    }).completion().compose(v -> new OwnerRequests(vertx).request("test.owner.refusing", new JsonObject(),
        new DeliveryOptions(), ATTEMPT_MS, System.currentTimeMillis() + 10_000))
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertEquals(BankError.UNAVAILABLE, BankError.of(failure));
          assertEquals(ReplyFailure.RECIPIENT_FAILURE, ((ReplyException) failure).failureType());
          assertEquals(1, seen.get());
          refused.flag();
        })));
  }

  @Test
  @DisplayName("an owner that never answers fails the request by its deadline, with a timeout")
  void neverAnsweredFailsByDeadline(Vertx vertx, VertxTestContext ctx) {
    Checkpoint timedOut = ctx.checkpoint();
    AtomicInteger seen = new AtomicInteger();
    long deadlineMs = 2 * ATTEMPT_MS - 50;      // two attempts, the second cut short by the deadline
    vertx.eventBus().<JsonObject>consumer("test.owner.silent", m -> seen.incrementAndGet()).completion()
        .compose(v -> {
          long started = System.currentTimeMillis();
          return new OwnerRequests(vertx).request("test.owner.silent", new JsonObject(), new DeliveryOptions(),
              ATTEMPT_MS, started + deadlineMs).recover(failure -> {
                long tookMs = System.currentTimeMillis() - started;
                ctx.verify(() -> {
                  assertEquals(ReplyFailure.TIMEOUT, ((ReplyException) failure).failureType());
                  assertTrue(tookMs >= deadlineMs - 5, "not before the deadline: " + tookMs + " ms");
                  assertEquals(2, seen.get(), "asked again after the first attempt");
                });
                return Future.succeededFuture();
              });
        }).onComplete(ctx.succeeding(v -> timedOut.flag()));
  }
}
