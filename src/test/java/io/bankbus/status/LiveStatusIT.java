package io.bankbus.status;

import io.bankbus.cluster.Endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.client.BankClient;
import io.bankbus.node.BankNode;
import io.bankbus.node.NodeOptions;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.support.TestNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A clustered node with {@code --http-port}: the page is served, {@code /metrics} holds the expected series with
 * bounded labels, and the browser bridge lets the status out and, in, only what a customer sends.
 */
@ExtendWith(VertxExtension.class)
class LiveStatusIT {
  private TestNode node;
  private BankNode bank;
  private int port;

  @BeforeEach
  void start(VertxTestContext ctx) throws Throwable {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TestNode.start("live", NodeOptions.defaults().withCashiers(2).withHttp(new Endpoint("127.0.0.1", 0)), registry)
        .onComplete(ctx.succeeding(started -> {
          node = started;
          bank = started.bank();
          port = started.httpPort();
          ctx.completeNow();
        }));
    assertTrue(ctx.awaitCompletion(90, TimeUnit.SECONDS));
    if (ctx.failed()) {
      throw ctx.causeOfFailure();
    }
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    (node == null ? Future.succeededFuture() : node.close()).onComplete(ctx.succeedingThenComplete());
  }

  private Future<String> get(String path) {
    return node.vertx().createHttpClient().request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(request -> request.send())
        .compose(response -> {
          assertEquals(200, response.statusCode(), path);
          return response.body();
        })
        .map(body -> body.toString());
  }

  /** Two visits of two operations each, so that queue, service and operation meters have something. */
  private Future<Void> someVisits() {
    BankClient client = new BankClient(node.vertx(), BankModel.MESSAGE_PASSING, 10_000);
    return client.takeTicket("c1", 10_000, Operation.open("live-o1", "live-a", 500))
        .compose(visit -> visit.first().compose(r -> visit.executeAndLeave(Operation.deposit("live-d1", "live-a", 5))))
        .compose(r -> client.takeTicket("c2", 10_000, Operation.balance("live-a")))
        .compose(visit -> visit.first().compose(r -> visit.executeAndLeave(Operation.balance("live-a"))))
        .mapEmpty();
  }

  @Test
  @DisplayName("/ serves the live page, with nothing loaded from elsewhere")
  void page(VertxTestContext ctx) {
    Checkpoint page = ctx.checkpoint();
    get("/").onComplete(ctx.succeeding(html -> {
      ctx.verify(() -> {
        assertTrue(html.contains("/eventbus/") && html.contains("bankbus.status"), "the page listens to the status");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "nothing loaded from elsewhere");
      });
      page.flag();
    }));
  }

  @Test
  @DisplayName("/metrics holds the bank's and Vert.x's series, with bounded labels")
  void metrics(VertxTestContext ctx) {
    Checkpoint metrics = ctx.checkpoint();
    someVisits()
        .compose(v -> {
          node.vertx().eventBus().publish(Addresses.AUDITS, new JsonObject().put("model", "message-passing").put("passed", true));
          return poll(() -> get("/metrics"), text -> text.contains("bankbus_audits_total"), 50);
        })
        .onComplete(ctx.succeeding(text -> {
          ctx.verify(() -> {
            for (String series : List.of("bankbus_waiting_customers{model=\"message-passing\"}",
                "bankbus_cashiers_busy{model=\"message-passing\"}",
                "bankbus_queue_wait_seconds_bucket{model=\"message-passing\"",
                "bankbus_service_seconds_count{model=\"message-passing\"}",
                "bankbus_operations_total{model=\"message-passing\"}",
                "bankbus_audits_total{model=\"message-passing\",passed=\"true\"} 1.0",
                "vertx_eventbus_handlers")) {
              assertTrue(text.contains(series), "missing " + series + " in\n" + text);
            }
            Set<String> labels = new TreeSet<>();
            Matcher m = Pattern.compile("([a-z_]+)=\"").matcher(text);
            while (m.find()) {
              labels.add(m.group(1));
            }
            assertFalse(labels.contains("address"), "no event-bus address label: " + labels);
            assertFalse(labels.contains("remote"), "no remote address label: " + labels);
            assertTrue(Pattern.compile("bankbus_operations_total\\{model=\"message-passing\"} [4-9]").matcher(text).find(),
                "four operations were served: " + text);
          });
          metrics.flag();
        }));
  }

  @Test
  @DisplayName("the browser bridge lets bankbus.status out")
  void statusOut(VertxTestContext ctx) {
    Checkpoint statusReceived = ctx.checkpoint();
    AtomicBoolean seen = new AtomicBoolean();
    connect(10).onComplete(ctx.succeeding(ws -> {
          onFrames(ws, frame -> {
            if ("rec".equals(frame.getString("type")) && Addresses.STATUS.equals(frame.getString("address"))
                && seen.compareAndSet(false, true)) {
              ctx.verify(() -> assertEquals(bank.nodeId(), frame.getJsonObject("body").getString("node")));
              statusReceived.flag();
            }
          });
          write(ws, new JsonObject().put("type", "register").put("address", Addresses.STATUS));
        }));
  }

  @Test
  @DisplayName("the browser bridge denies a browser any access to a ledger shard")
  void ledgerShardDenied(VertxTestContext ctx) {
    Checkpoint sendDenied = ctx.checkpoint();
    Checkpoint registerDenied = ctx.checkpoint();
    connect(10).onComplete(ctx.succeeding(ws -> denials(ctx, ws, sendDenied, registerDenied)));
  }

  @Test
  @DisplayName("a browser that sends faster than the bridge's rate loses only its own connection")
  void browserFlood(VertxTestContext ctx) {
    Checkpoint closed = ctx.checkpoint();
    Checkpoint nextServed = ctx.checkpoint();
    connect(10).onComplete(ctx.succeeding(ws -> {
      ws.closeHandler(v -> {
        closed.flag();
        connect(10).onComplete(ctx.succeeding(again -> {
          onFrames(again, frame -> {
            if ("status-reply".equals(frame.getString("address"))) {
              nextServed.flag();
            }
          });
          write(again, new JsonObject().put("type", "send").put("address", Addresses.tickets(BankModel.MESSAGE_PASSING))
              .put("replyAddress", "status-reply").put("body", new JsonObject().put("customer", "after-flood")
                  .put("patienceMs", 10_000).put("first", Operation.balance("nobody").toJson())));
        }));
      });
      io.vertx.core.json.JsonArray pings = new io.vertx.core.json.JsonArray();
      for (int i = 0; i < 200; i++) {
        pings.add(new JsonObject().put("type", "ping").encode());
      }
      ws.writeTextMessage(pings.encode());
    }));
  }

  /** One send to a ledger shard, then one subscription to it: both must come back denied. */
  private void denials(VertxTestContext ctx, WebSocket ws, Checkpoint sendDenied, Checkpoint registerDenied) {
    onFrames(ws, frame -> {
      if (!"err".equals(frame.getString("type"))) {
        return;                                    // status frames keep coming
      }
      ctx.verify(() -> assertEquals("access_denied", frame.getString("body"), frame.encode()));
      if (!sendDeniedSeen) {
        sendDeniedSeen = true;
        sendDenied.flag();
        write(ws, new JsonObject().put("type", "register").put("address", Addresses.ledgerShard(0)));
      } else {
        registerDenied.flag();
      }
    });
    write(ws, new JsonObject().put("type", "send").put("address", Addresses.ledgerShard(0))
        .put("body", new JsonObject().put("op", "credit").put("opId", "x/c").put("account", "a").put("to", "b")
            .put("amount", 1)).put("replyAddress", "intruder-reply"));
  }

  @Test
  @DisplayName("through the browser bridge a visitor is called to a cashier and served")
  void browserCustomer(VertxTestContext ctx) {
    Checkpoint called = ctx.checkpoint();
    Checkpoint served = ctx.checkpoint();
    connect(10).onComplete(ctx.succeeding(ws -> {
      onFrames(ws, frame -> {
        String to = frame.getString("address", "");
        if (to.equals("visitor-ticket")) {
          JsonObject ticket = frame.getJsonObject("body");
          ctx.verify(() -> assertTrue(ticket.getString("cashier").startsWith(
              Addresses.cashier(BankModel.MESSAGE_PASSING, bank.branchId() + ".")), ticket.encode()));
          called.flag();
          write(ws, new JsonObject().put("type", "send").put("address", ticket.getString("cashier"))
              .put("replyAddress", "visitor-op").put("body", Operation.balance("visitor-a").toJson()
                  .put("visitId", ticket.getString("visitId")).put("leave", true)));
        } else if (to.equals("visitor-op")) {
          ctx.verify(() -> assertEquals(77L, frame.getJsonObject("body").getLong("balance"), frame.encode()));
          served.flag();
        }
      });
      write(ws, new JsonObject().put("type", "send").put("address", Addresses.tickets(BankModel.MESSAGE_PASSING))
          .put("replyAddress", "visitor-ticket").put("body", new JsonObject().put("customer", "visitor")
              .put("patienceMs", 20_000).put("first", Operation.open("visitor-open", "visitor-a", 77).toJson())));
    }));
  }

  @Test
  @DisplayName("the browser bridge rejects a publish to the ticket address")
  void publishRejected(VertxTestContext ctx) {
    Checkpoint publishRefused = ctx.checkpoint();
    connect(10).onComplete(ctx.succeeding(ws -> {
      onFrames(ws, frame -> {
        if ("err".equals(frame.getString("type"))) {
          // Refused by the bridge's event handler: one frame would reach every branch.
          ctx.verify(() -> assertEquals("rejected", frame.getString("body"), frame.encode()));
          publishRefused.flag();
        }
      });
      write(ws, new JsonObject().put("type", "publish").put("address", Addresses.tickets(BankModel.MESSAGE_PASSING))
          .put("body", new JsonObject()));
    }));
  }

  private boolean sendDeniedSeen;

  /** SockJS framing, as the page speaks it: the server sends {@code a["<json>", ...]}, the client {@code ["<json>"]}. */
  private static void onFrames(WebSocket ws, java.util.function.Consumer<JsonObject> handler) {
    ws.textMessageHandler(text -> {
      if (text.startsWith("a")) {
        new io.vertx.core.json.JsonArray(text.substring(1)).forEach(m -> handler.accept(new JsonObject((String) m)));
      }
    });
  }

  private static void write(WebSocket ws, JsonObject frame) {
    ws.writeTextMessage(new io.vertx.core.json.JsonArray().add(frame.encode()).encode());
  }

  /**
   * Opens the bridge's WebSocket, trying again (at most {@code tries} times) if the handshake is cut: the first
   * handshakes of a freshly started node were seen to fail on this busy machine, as a browser's would, and the
   * page, like this test, reconnects.
   */
  private Future<WebSocket> connect(int tries) {
    return node.vertx().createWebSocketClient().connect(port, "127.0.0.1", "/eventbus/0/it" + tries + "/websocket")
        .recover(failed -> tries <= 1 ? Future.failedFuture(failed) : connect(tries - 1));
  }

  /** Asks again every 100 ms until {@code done} holds, at most {@code tries} times. */
  private Future<String> poll(java.util.function.Supplier<Future<String>> ask,
                              java.util.function.Predicate<String> done, int tries) {
    return ask.get().compose(text -> {
      if (done.test(text) || tries <= 1) {
        return Future.succeededFuture(text);
      }
      Promise<String> next = Promise.promise();
      node.vertx().setTimer(100, t -> poll(ask, done, tries - 1).onComplete(next));
      return next.future();
    });
  }
}
