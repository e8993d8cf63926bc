package io.bankbus.bridge;

import io.bankbus.cluster.Endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.bankbus.support.RawBridgeClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bridge behind the front serves only what came through the front (local Vert.x, a stand-in ticket desk). */
@ExtendWith(VertxExtension.class)
class BridgeFrontTest {
  private static final String TICKETS = Addresses.tickets(BankModel.MESSAGE_PASSING);

  @Test
  @DisplayName("the bridge's inner port refuses a ticket request that the front answers")
  void innerPortRefusesWhatAvoidsTheFront(Vertx vertx, VertxTestContext ctx) {
    Checkpoint throughFront = ctx.checkpoint();
    Checkpoint aroundFront = ctx.checkpoint();
    AtomicInteger served = new AtomicInteger();
    TcpBridgeVerticle bridge = new TcpBridgeVerticle(new Endpoint("127.0.0.1", 0),
        BridgeLimits.DEFAULTS);
    vertx.eventBus().<JsonObject>consumer(TICKETS, msg -> msg.reply(new JsonObject().put("served",
            served.incrementAndGet())))
        .completion()
        .compose(v -> vertx.deployVerticle(bridge))
        .compose(id -> RawBridgeClient.connect(vertx, bridge.port()))
        .compose(front -> front.request(TICKETS, new JsonObject().put("customer", "a"), 5_000)
            .andThen(done -> front.close()))
        .compose(reply -> {
          ctx.verify(() -> assertEquals(new JsonObject().put("served", 1), reply.getJsonObject("body"), reply.encode()));
          throughFront.flag();
          return RawBridgeClient.connect(vertx, bridge.innerPort());
        })
        .compose(inner -> inner.request(TICKETS, new JsonObject().put("customer", "b"), 5_000)
            .andThen(done -> inner.close()))
        .onComplete(ctx.succeeding(answer -> {
          ctx.verify(() -> {
            assertEquals("err", answer.getString("type"), answer.encode());
            assertEquals(1, served.get());
          });
          aroundFront.flag();
        }));
  }
}
