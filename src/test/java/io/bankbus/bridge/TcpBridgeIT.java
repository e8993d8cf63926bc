package io.bankbus.bridge;

import io.bankbus.cluster.Endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.client.BankClient;
import io.bankbus.node.BankNode;
import io.bankbus.node.NodeOptions;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.support.RawBridgeClient;
import io.bankbus.support.Scripts;
import io.bankbus.support.TestClusters;
import io.bankbus.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A clustered node with the TCP bridge ({@code --bridge-port}): a Python customer is served through it; every
 * address that is not a customer's is refused with the bridge's error frame and changes nothing; a client that
 * floods, sends garbage or an oversized frame is closed while a well-behaved one is served.
 */
@ExtendWith(VertxExtension.class)
class TcpBridgeIT {
  private static final BankModel MP = BankModel.MESSAGE_PASSING;
  private TestNode node;
  private BankNode bank;
  private BankClient client;
  private int bridgePort;
  private final List<RawBridgeClient> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start(VertxTestContext ctx) throws Throwable {
    TestNode.start("bridge", NodeOptions.defaults().withCashiers(2).withBridge(new Endpoint("127.0.0.1", 0)))
        .onComplete(ctx.succeeding(started -> {
          node = started;
          bank = started.bank();
          client = new BankClient(node.vertx(), MP, 10_000);
          bridgePort = started.bridgePort();
          ctx.completeNow();
        }));
    assertTrue(ctx.awaitCompletion(90, TimeUnit.SECONDS));
    if (ctx.failed()) {
      throw ctx.causeOfFailure();
    }
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    Future.join(opened.stream().map(RawBridgeClient::close).toList())
        .transform(v -> node == null ? Future.succeededFuture() : node.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  /** A raw client of the bridge, closed after the test (see {@link RawBridgeClient#close}). */
  private Future<RawBridgeClient> connect(io.vertx.core.Vertx vertx) {
    return RawBridgeClient.connect(vertx, bridgePort).onSuccess(opened::add);
  }

  /** Reads balances as a cluster member would, through the same tickets and cashiers. */
  private Future<List<Long>> balances(String... accounts) {
    return client.takeTicket("auditor", 10_000).compose(visit -> {
      List<Long> found = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (String account : accounts) {
        chain = chain.compose(v -> visit.execute(Operation.balance(account))).map(r -> {
          found.add(r.balance());
          return null;
        });
      }
      return chain.compose(v -> visit.leave()).map(found);
    });
  }

  @Test
  @DisplayName("a visit by scripts/customer.py through the bridge is served in full")
  void pythonCustomer(VertxTestContext ctx) throws Exception {
    Checkpoint output = ctx.checkpoint();
    Checkpoint balances = ctx.checkpoint();
    String out = Scripts.command(List.of("python3", "scripts/customer.py", "--port", String.valueOf(bridgePort),
        "--name", "pyit", "--deposit", "1000", "--transfer", "250"), Scripts.ROOT.resolve("target/customer-py.out"), 2);
    ctx.verify(() -> {
      assertTrue(Pattern.compile("called: ticket \\d+ at branch " + bank.branchId() + ", cashier "
          + Pattern.quote(Addresses.cashier(MP, bank.branchId() + ".")) + "[12], after [0-9.]+ ms in the queue").matcher(out).find(), out);
      assertTrue(out.contains("deposit  -> {\"account\": \"pyit-a\", \"balance\": 1000"), out);
      assertTrue(out.contains("transfer -> {\"account\": \"pyit-a\", \"balance\": 750, \"op\": \"transfer\""), out);
      assertTrue(out.contains("\"to\": \"pyit-b\", \"toBalance\": 250}"), out);
      assertTrue(out.contains("balance  -> {\"account\": \"pyit-a\", \"balance\": 750, \"op\": \"balance\""), out);
      assertTrue(out.contains("left: 5 operations in"), out);
    });
    output.flag();
    balances("pyit-a", "pyit-b").onComplete(ctx.succeeding(found -> {
      ctx.verify(() -> assertEquals(List.of(750L, 250L), found));
      balances.flag();
    }));
  }

  @Test
  @DisplayName("customer.py exits 3 saying it cannot connect when nothing listens")
  void pythonCustomerCannotConnect(VertxTestContext ctx) throws Exception {
    Process refused = new ProcessBuilder("python3", "scripts/customer.py", "--port", String.valueOf(TestClusters.freePort()))
        .directory(Scripts.ROOT.toFile()).redirectErrorStream(true).start();
    assertTrue(refused.waitFor(1, TimeUnit.MINUTES));
    String said = new String(refused.getInputStream().readAllBytes());
    assertEquals(3, refused.exitValue(), said);
    assertTrue(said.contains("cannot connect"), said);
    ctx.completeNow();
  }

  @Test
  @DisplayName("customer.py exits 1 naming the refusal when the bank refuses an operation")
  void pythonCustomerRefused(VertxTestContext ctx) throws Exception {
    // A second run with the same name as the first but other amounts reuses its operation ids: the bank refuses the
    // conflict.
    Scripts.command(List.of("python3", "scripts/customer.py", "--port", String.valueOf(bridgePort), "--name", "pyconf"),
        Scripts.ROOT.resolve("target/customer-py-1.out"), 2);
    Process conflict = new ProcessBuilder("python3", "scripts/customer.py", "--port", String.valueOf(bridgePort),
        "--name", "pyconf", "--deposit", "999").directory(Scripts.ROOT.toFile()).redirectErrorStream(true).start();
    assertTrue(conflict.waitFor(1, TimeUnit.MINUTES));
    String conflictSaid = new String(conflict.getInputStream().readAllBytes());
    assertEquals(1, conflict.exitValue(), conflictSaid);
    assertTrue(conflictSaid.contains("refused: OPERATION_ID_CONFLICT") && conflictSaid.contains("(code 203)"), conflictSaid);
    ctx.completeNow();
  }

  @Test
  @DisplayName("a bridge client cannot reach any address that is not a customer's")
  void deniedAddresses(VertxTestContext ctx) {
    String branch = bank.branchId();
    String cashier = branch + ".1";
    JsonObject credit = new JsonObject().put("op", "credit").put("opId", "evil-1/c").put("account", "victim")
        .put("to", "thief").put("amount", 1_000_000);
    List<JsonObject> frames = new ArrayList<>();
    for (int shard = 0; shard < bank.rules().ledgerShards(); shard++) {
      frames.add(send(Addresses.ledgerShard(shard), credit));
    }
    for (String address : List.of(Addresses.branchReady(MP, branch), Addresses.branchStatus(MP, branch),
        Addresses.cashierCall(MP, cashier), Addresses.cashierStatus(MP, cashier), Addresses.nodeHeap(bank.nodeId()),
        Addresses.STATUS, Addresses.AUDITS)) {
      frames.add(send(address, new JsonObject().put("visitId", "evil").put("ticket", 1).put("cashier", cashier)
          .put("gc", true)));
    }
    frames.add(new JsonObject().put("type", "publish").put("address", Addresses.STATUS).put("body", new JsonObject()));
    frames.add(new JsonObject().put("type", "publish").put("address", Addresses.ledgerShard(0)).put("body", credit));
    frames.add(new JsonObject().put("type", "register").put("address", Addresses.ledgerShard(0)));
    frames.add(new JsonObject().put("type", "register").put("address", Addresses.STATUS));
    frames.add(new JsonObject().put("type", "register").put("address", Addresses.tickets(MP)));
    Checkpoint denied = ctx.checkpoint(frames.size());
    Checkpoint unchanged = ctx.checkpoint();

    client.takeTicket("setup", 10_000, Operation.open("victim-open", "victim", 5_000))
        .compose(visit -> visit.first().compose(r -> visit.executeAndLeave(Operation.open("thief-open", "thief", 0))))
        .compose(v -> connect(node.vertx()))
        .compose(raw -> {
          Future<Void> chain = Future.succeededFuture();
          for (JsonObject frame : frames) {
            chain = chain.compose(v -> {
              raw.write(frame);
              return raw.next(f -> "err".equals(f.getString("type")) || frame.getString("replyAddress", "-")
                  .equals(f.getString("address")));
            }).map(answer -> {
              ctx.verify(() -> assertEquals(new JsonObject().put("type", "err").put("message", "access_denied"), answer,
                  frame.encode()));
              denied.flag();
              return null;
            });
          }
          return chain;
        })
        .compose(v -> balances("victim", "thief"))
        .onComplete(ctx.succeeding(found -> {
          ctx.verify(() -> assertEquals(List.of(5_000L, 0L), found));
          unchanged.flag();
        }));
  }

  private static int replies;

  private static JsonObject send(String address, JsonObject body) {
    return new JsonObject().put("type", "send").put("address", address).put("replyAddress", "evil-" + (++replies))
        .put("body", body);
  }

  @Test
  @DisplayName("a client sending garbage, an oversized frame or a flood loses only its own connection")
  void badClients(VertxTestContext ctx) {
    Checkpoint garbageClosed = ctx.checkpoint();
    Checkpoint oversizeClosed = ctx.checkpoint();
    Checkpoint floodClosed = ctx.checkpoint();
    Checkpoint served = ctx.checkpoint();
    var vertx = node.vertx();
    // Half a length, then silence: it must not hold anyone up either.
    connect(vertx).onComplete(ctx.succeeding(stalled -> stalled.socket().write(Buffer.buffer(new byte[] {0, 0}))));

    connect(vertx).onComplete(ctx.succeeding(garbage -> {
      garbage.socket().write(Buffer.buffer().appendInt(14).appendString("this is no json"));
      closedWith(ctx, garbage, "invalid_frame", garbageClosed);
    }));
    connect(vertx).onComplete(ctx.succeeding(oversize -> {
      // Only the length is sent: the bridge must refuse it without waiting for the 100 MB it announces.
      oversize.socket().write(Buffer.buffer().appendInt(100 * 1024 * 1024));
      closedWith(ctx, oversize, "frame_too_large", oversizeClosed);
    }));
    connect(vertx).onComplete(ctx.succeeding(flood -> {
      Buffer pings = Buffer.buffer();
      for (int i = 0; i < 2_000; i++) {
        pings.appendBuffer(RawBridgeClient.frame(new JsonObject().put("type", "ping")));
      }
      flood.socket().write(pings);
      closedWith(ctx, flood, "rate_limited", floodClosed);
    }));

    connect(vertx)
        .compose(customer -> customer.request(Addresses.tickets(MP), new JsonObject().put("customer", "calm")
                .put("patienceMs", 20_000).put("first", Operation.open("calm-open", "calm", 42).toJson()), 25_000)
            .compose(ticket -> {
              ctx.verify(() -> assertEquals("message", ticket.getString("type"), ticket.encode()));
              JsonObject called = ticket.getJsonObject("body");
              return customer.request(called.getString("cashier"), Operation.balance("calm").toJson()
                  .put("visitId", called.getString("visitId")).put("leave", true), 10_000);
            }))
        .onComplete(ctx.succeeding(reply -> {
          ctx.verify(() -> {
            assertEquals("message", reply.getString("type"), reply.encode());
            OperationResult result = OperationResult.fromJson(reply.getJsonObject("body"));
            assertEquals(42L, result.balance());
          });
          served.flag();
        }));
  }

  /** The client gets one error frame with {@code code}, then the connection is closed. */
  private static void closedWith(VertxTestContext ctx, RawBridgeClient client, String code, Checkpoint checkpoint) {
    client.next(f -> "err".equals(f.getString("type")))
        .onComplete(ctx.succeeding(err -> ctx.verify(() -> assertEquals(code, err.getString("message"), err.encode()))))
        .compose(err -> client.closed())
        .onComplete(ctx.succeeding(v -> checkpoint.flag()))
        .onFailure(failed -> ctx.failNow(new AssertionError("expected " + code + ": " + failed.getMessage())));
  }
}
