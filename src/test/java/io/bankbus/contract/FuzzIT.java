package io.bankbus.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.audit.Audit;
import io.bankbus.audit.AuditResult;
import io.bankbus.client.BankClient;
import io.bankbus.node.BankNode;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.rules.BankRules;
import io.bankbus.support.Banks;
import io.bankbus.support.TestBank;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 10,000 random and mutated messages at every bank address of a two-node cluster (tickets and a serving cashier
 * of every model, the branches' line and hand-off addresses, every ledger shard, both nodes' heap address, the
 * audit address), then ordinary traffic: no
 * verticle stops answering, every reply is a documented error code or a result, and the audit of the ordinary
 * traffic passes in every model that must pass it.
 */
@ExtendWith(VertxExtension.class)
class FuzzIT {
  private static final int MESSAGES = 10_000;
  private static final int IN_FLIGHT = 50;
  private static final Set<Integer> CODES = java.util.Arrays.stream(BankError.values()).map(BankError::code)
      .collect(Collectors.toSet());
  private final Random random = new Random(20261126);
  private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

  @Test
  @DisplayName("10,000 hostile messages at every bank address do the bank no harm")
  void hostileThenOrdinary(VertxTestContext ctx) throws Throwable {
    BankRules rules = BankRules.DEFAULTS.withVisitIdleTimeoutMs(1_000);
    TestBank[] bank = new TestBank[1];
    Banks.clustered("fuzz", 2, 2, rules)
        .compose(b -> {
          bank[0] = b;
          return targets(b);
        })
        .compose(targets -> fire(bank[0], targets, 0))
        .compose(v -> ordinaryTraffic(bank[0]))
        .eventually(() -> bank[0] == null ? Future.succeededFuture() : bank[0].close())
        .onComplete(ctx.succeeding(audits -> {
          ctx.verify(() -> {
            for (Map.Entry<BankModel, AuditResult> audit : audits.entrySet()) {
              if (audit.getKey() != BankModel.UNLOCKED_SHARED_STATE) {
                assertTrue(audit.getValue().passed(), audit.getKey() + ": " + audit.getValue().toJson().encode());
              }
            }
            int total = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
            assertEquals(MESSAGES, total, "every message got an outcome: " + new TreeMap<>(outcomes));
          });
          System.out.println("FuzzIT outcomes: " + new TreeMap<>(outcomes));
          ctx.completeNow();
        }));
    assertTrue(ctx.awaitCompletion(600, TimeUnit.SECONDS));
    if (ctx.failed()) {
      throw ctx.causeOfFailure();
    }
  }

  /** Every bank address, one of them a cashier of each model that serves a real visit meanwhile. */
  private Future<List<String>> targets(TestBank bank) {
    List<String> targets = new ArrayList<>();
    for (int shard = 0; shard < bank.rules().ledgerShards(); shard++) {
      targets.add(Addresses.ledgerShard(shard));
    }
    for (BankNode node : bank.nodes()) {
      targets.add(Addresses.nodeHeap(node.nodeId()));
    }
    targets.add(Addresses.AUDITS);
    List<Future<String>> cashiers = new ArrayList<>();
    for (BankModel model : BankModel.values()) {
      targets.add(Addresses.tickets(model));
      targets.add(Addresses.lines(model));
      bank.nodes().forEach(node -> targets.add(Addresses.branchHandoff(model, node.branchId())));
      cashiers.add(bank.client(model).takeTicket("fuzz-holder-" + model.wire(), 10_000)
          .map(visit -> visit.ticket().cashier()));
    }
    return Future.all(cashiers).map(all -> {
      cashiers.forEach(c -> targets.add(c.result()));
      return targets;
    });
  }

  /** Sends the messages {@code IN_FLIGHT} at a time, each answered (or timed out) before the next wave. */
  private Future<Void> fire(TestBank bank, List<String> targets, int sent) {
    if (sent >= MESSAGES) {
      return Future.succeededFuture();
    }
    List<Future<Void>> wave = new ArrayList<>();
    for (int i = 0; i < IN_FLIGHT && sent + i < MESSAGES; i++) {
      String address = targets.get(random.nextInt(targets.size()));
      Object body = hostile(sent + i);
      wave.add(bank.customers().eventBus().request(address, body, new DeliveryOptions().setSendTimeout(5_000))
          .transform(done -> judge(address, body, done.succeeded() ? done.result().body() : null, done.cause())));
    }
    return Future.all(wave).compose(v -> fire(bank, targets, sent + IN_FLIGHT));
  }

  /** A result, a documented code, or (only for a ticket, which waits to be called) a timeout; nothing else. */
  private Future<Void> judge(String address, Object body, Object reply, Throwable failure) {
    String kind;
    if (failure == null) {
      kind = reply instanceof JsonObject ? "result" : "non-JSON reply";
    } else if (failure instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && CODES.contains(re.failureCode())) {
      kind = "error " + re.failureCode();
    } else if (failure instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT
        && address.endsWith(".tickets")) {
      kind = "ticket still waiting";
    } else {
      kind = "UNDOCUMENTED";
    }
    outcomes.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    if (kind.equals("UNDOCUMENTED") || kind.equals("non-JSON reply")) {
      String shown = String.valueOf(body);
      return Future.failedFuture(new AssertionError(address + " answered " + (failure == null ? reply : failure)
          + " to " + shown.substring(0, Math.min(200, shown.length()))));
    }
    return Future.succeededFuture();
  }

  private static final Object[] BOUNDARY = {Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, -0.0, 0.5, 1e308, Integer.MAX_VALUE,
      "", " ", "5", "null", true, false, new JsonArray(), new JsonObject(), "x".repeat(70), "../../etc", "\u0000"};
  private static final String[] FIELDS = {"op", "opId", "account", "to", "amount", "visitId", "customer", "patienceMs",
      "first", "leave", "gc", "model", "passed", "ticket", "unknown", "__proto__", "branch", "count", "minWaitedMs",
      "cashier", "waiting", "headWaitedMs"};
  private static final String[] OPS = {"open", "deposit", "withdraw", "transfer", "balance", "debit", "credit", "leave",
      "snapshot", "bogus", "take", "called", "returned"};

  /** One hostile body; kinds in turn, contents random. */
  private Object hostile(int n) {
    return switch (n % 8) {
      case 0 -> {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        yield Buffer.buffer(bytes);
      }
      case 1 -> BOUNDARY[random.nextInt(BOUNDARY.length)] instanceof String s ? s : "plain text " + n;
      case 2 -> new JsonArray().add(n).add("op");
      case 3 -> randomObject(1 + random.nextInt(6), 0);
      case 4 -> mutated(validOperation(n));
      case 5 -> new JsonObject().put("op", "deposit").put("opId", "fz-big-" + n).put("account", "x".repeat(300_000))
          .put("amount", 1);
      case 6 -> deep(30 + random.nextInt(50));
      default -> validOperation(n).put(FIELDS[random.nextInt(FIELDS.length)], BOUNDARY[random.nextInt(BOUNDARY.length)]);
    };
  }

  private JsonObject validOperation(int n) {
    String account = "fz-" + random.nextInt(20);
    Operation op = switch (random.nextInt(5)) {
      case 0 -> Operation.open("fz-o-" + n, account, random.nextInt(1_000));
      case 1 -> Operation.deposit("fz-d-" + n, account, 1 + random.nextInt(1_000));
      case 2 -> Operation.withdraw("fz-w-" + n, account, 1 + random.nextInt(1_000));
      case 3 -> Operation.transfer("fz-t-" + n, account, "fz-" + (20 + random.nextInt(20)), 1 + random.nextInt(1_000));
      default -> Operation.balance(account);
    };
    return op.toJson().put("visitId", "fz-visit-" + n);
  }

  private JsonObject mutated(JsonObject valid) {
    List<String> names = new ArrayList<>(valid.fieldNames());
    String field = names.get(random.nextInt(names.size()));
    if (random.nextBoolean()) {
      valid.remove(field);
    } else {
      valid.put(field, BOUNDARY[random.nextInt(BOUNDARY.length)]);
    }
    return valid;
  }

  private JsonObject randomObject(int fields, int depth) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < fields; i++) {
      String name = random.nextInt(4) == 0 ? "f" + random.nextInt(100) : FIELDS[random.nextInt(FIELDS.length)];
      Object value = depth < 3 && random.nextInt(5) == 0 ? randomObject(1 + random.nextInt(3), depth + 1)
          : name.equals("op") ? OPS[random.nextInt(OPS.length)] : BOUNDARY[random.nextInt(BOUNDARY.length)];
      o.put(name, value);
    }
    return o;
  }

  private static JsonObject deep(int depth) {
    JsonObject o = new JsonObject().put("op", "deposit");
    for (int i = 0; i < depth; i++) {
      o = new JsonObject().put("op", "deposit").put("first", o);
    }
    return o;
  }

  /** Per model, 8 customers x 10 visits on accounts of their own, then the audit of those accounts. */
  private Future<Map<BankModel, AuditResult>> ordinaryTraffic(TestBank bank) {
    Map<BankModel, AuditResult> audits = new ConcurrentHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (BankModel model : BankModel.values()) {
      chain = chain.compose(v -> ordinary(bank, model)).map(audit -> {
        audits.put(model, audit);
        return null;
      });
    }
    return chain.map(v -> audits);
  }

  private Future<AuditResult> ordinary(TestBank bank, BankModel model) {
    List<Operation> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Operation> refused = java.util.Collections.synchronizedList(new ArrayList<>());
    BankClient client = bank.client(model);
    String prefix = "ord-" + model.wire().charAt(0) + "-";
    List<Future<Void>> customers = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      String mine = prefix + c;
      String theirs = prefix + ((c + 1) % 8);
      Future<Void> visits = client.takeTicket("ord-" + c, 30_000, Operation.open(mine + "-open", mine, 1_000))
          .compose(visit -> visit.first().map(r -> {
            acknowledged.add(Operation.open(mine + "-open", mine, 1_000));
            return visit;
          }).compose(opened -> opened.leave()))
          .mapEmpty();
      for (int v = 0; v < 10; v++) {
        Operation deposit = Operation.deposit(mine + "-d" + v, mine, 10);
        Operation transfer = Operation.transfer(mine + "-t" + v, mine, theirs, 15);
        visits = visits.compose(x -> client.takeTicket("ord-" + mine, 30_000, deposit))
            .compose(visit -> visit.first().compose(r -> {
              acknowledged.add(deposit);
              return visit.executeAndLeave(transfer).transform(done -> {
                (done.succeeded() ? acknowledged : refused).add(transfer);
                return Future.<Void>succeededFuture();
              });
            }));
      }
      customers.add(visits);
    }
    return Future.all(customers)
        .compose(v -> bank.ledger(model))
        .map(ledger -> Audit.check(0, acknowledged, refused, ledger.only(a -> a.startsWith(prefix))));
  }
}
