package io.bankbus.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.bankbus.client.BankClient;
import io.bankbus.messagepassing.ShardMap;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.support.BankTestBase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad input, sent to every bank address of every model: each gets {@code fail(code, text)} with
 * the documented code, the balances stay as they were, and the same verticle serves the next message.
 * Subclasses choose the bank: one local Vert.x, or a cluster where every message crosses nodes.
 */
public abstract class BadInputSuite extends BankTestBase {
  private static final AtomicInteger IDS = new AtomicInteger();
  protected static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(10_000);





  /** Two fresh accounts per case: {@code a} opened with 1000 cents, {@code b} with 0. */
  protected record Accounts(String a, String b) {
  }

  /**
   * @param prepare operations run before the bad message (their effect is part of the baseline)
   * @param body    the bad message, built from the visit id and the case's accounts
   */
  protected record BadInput(String name, List<BiFunction<String, Accounts, Operation>> prepare,
                  BiFunction<String, Accounts, Object> body, BankError expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  protected static BadInput bad(String name, BiFunction<String, Accounts, Object> body, BankError expected) {
    return new BadInput(name, List.of(), body, expected);
  }

  private static JsonObject op(String visit, Operation op) {
    return op.toJson().put("visitId", visit);
  }

  /** Every case, for every model. */
  static Stream<Arguments> cashierCases() {
    return Stream.of(BankModel.values()).flatMap(m -> cashierInputs().map(c -> Arguments.of(m, c)));
  }

  static Stream<BadInput> cashierInputs() {
    return Stream.of(
        bad("a string body", (v, x) -> "deposit 5", BankError.INVALID_MESSAGE),
        bad("a JSON array body", (v, x) -> new JsonArray().add("deposit"), BankError.INVALID_MESSAGE),
        bad("a binary body", (v, x) -> Buffer.buffer(new byte[] {0, 1, 2}), BankError.INVALID_MESSAGE),
        bad("no visit id", (v, x) -> Operation.deposit(id(), x.a(), 5).toJson(), BankError.MISSING_FIELD),
        bad("someone else's visit", (v, x) -> op("zz99-1", Operation.deposit(id(), x.a(), 5)),
            BankError.NOT_YOUR_CASHIER),
        bad("no account", (v, x) -> op(v, Operation.deposit(id(), x.a(), 5)).putNull("account"),
            BankError.MISSING_FIELD),
        bad("no operation id", (v, x) -> op(v, Operation.deposit(id(), x.a(), 5)).putNull("opId"),
            BankError.MISSING_FIELD),
        bad("amount as a string", (v, x) -> op(v, Operation.deposit(id(), x.a(), 5)).put("amount", "5"),
            BankError.INVALID_FIELD),
        bad("fractional amount", (v, x) -> op(v, Operation.deposit(id(), x.a(), 5)).put("amount", 2.5),
            BankError.INVALID_FIELD),
        bad("account as an object", (v, x) -> op(v, Operation.deposit(id(), x.a(), 5)).put("account",
            new JsonObject().put("id", x.a())), BankError.INVALID_FIELD),
        bad("unknown operation", (v, x) -> op(v, Operation.deposit(id(), x.a(), 5)).put("op", "embezzle"),
            BankError.UNKNOWN_OPERATION),
        bad("ledger-internal operation", (v, x) -> op(v, Operation.deposit(id(), x.a(), 5)).put("op", "credit")
            .put("to", x.b()), BankError.UNKNOWN_OPERATION),
        bad("zero amount", (v, x) -> op(v, Operation.deposit(id(), x.a(), 5)).put("amount", 0),
            BankError.INVALID_AMOUNT),
        bad("negative amount", (v, x) -> op(v, Operation.withdraw(id(), x.a(), 5)).put("amount", -5),
            BankError.INVALID_AMOUNT),
        bad("amount over the limit", (v, x) -> op(v, Operation.deposit(id(), x.a(), 1_000_000_01L)),
            BankError.AMOUNT_OVER_LIMIT),
        bad("Long.MAX_VALUE", (v, x) -> op(v, Operation.deposit(id(), x.a(), Long.MAX_VALUE)),
            BankError.AMOUNT_OVER_LIMIT),
        bad("unknown account", (v, x) -> op(v, Operation.deposit(id(), "nobody-" + id(), 5)),
            BankError.UNKNOWN_ACCOUNT),
        bad("transfer to an unknown account", (v, x) -> op(v, Operation.transfer(id(), x.a(), "nobody-" + id(), 5)),
            BankError.UNKNOWN_ACCOUNT),
        bad("leave flag not a boolean", (v, x) -> op(v, Operation.deposit(id(), x.a(), 5)).put("leave", "yes"),
            BankError.INVALID_FIELD),
        bad("transfer to itself", (v, x) -> op(v, Operation.transfer(id(), x.a(), x.b(), 5)).put("to", x.a()),
            BankError.INVALID_FIELD),
        bad("opening an existing account", (v, x) -> op(v, Operation.open(id(), x.a(), 0)),
            BankError.ACCOUNT_EXISTS),
        bad("overdraft", (v, x) -> op(v, Operation.withdraw(id(), x.a(), 1_001)), BankError.INSUFFICIENT_FUNDS),
        bad("overdraft by transfer", (v, x) -> op(v, Operation.transfer(id(), x.b(), x.a(), 1)),
            BankError.INSUFFICIENT_FUNDS),
        new BadInput("reused operation id with different content",
            List.of((v, x) -> Operation.deposit("reused-" + x.a(), x.a(), 10)),
            (v, x) -> op(v, Operation.deposit("reused-" + x.a(), x.a(), 20)), BankError.OPERATION_ID_CONFLICT),
        new BadInput("reused transfer id with another amount",
            List.of((v, x) -> Operation.transfer("reused-" + x.a(), x.a(), x.b(), 10)),
            (v, x) -> op(v, Operation.transfer("reused-" + x.a(), x.a(), x.b(), 11)), BankError.OPERATION_ID_CONFLICT));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cashierCases")
  @DisplayName("a cashier refuses bad input with its code, without effect")
  void cashier(BankModel model, BadInput c, VertxTestContext ctx) {
    Accounts x = new Accounts("a" + id(), "b" + id());
    refusedWithoutEffect(ctx, model, c, x, visit -> bank.customers().eventBus()
        .request(visit.ticket().cashier(), c.body().apply(visit.ticket().visitId(), x), TIMEOUT));
  }


  static Stream<Arguments> ticketCases() {
    return Stream.of(BankModel.values()).flatMap(m -> ticketInputs().map(c -> Arguments.of(m, c)));
  }

  static Stream<BadInput> ticketInputs() {
    return Stream.of(
        bad("a string body", (v, x) -> "ticket please", BankError.INVALID_MESSAGE),
        bad("patience as a string", (v, x) -> new JsonObject().put("patienceMs", "long"), BankError.INVALID_FIELD),
        bad("zero patience", (v, x) -> new JsonObject().put("patienceMs", 0), BankError.INVALID_FIELD),
        bad("customer id with spaces", (v, x) -> new JsonObject().put("customer", "a b"), BankError.INVALID_FIELD),
        bad("first operation not an object", (v, x) -> new JsonObject().put("first", "deposit"), BankError.INVALID_FIELD),
        bad("first operation unknown", (v, x) -> new JsonObject().put("first", new JsonObject().put("op", "rob")
            .put("account", "a1")), BankError.UNKNOWN_OPERATION),
        bad("first operation without amount", (v, x) -> new JsonObject().put("first", new JsonObject()
            .put("op", "deposit").put("opId", "f1").put("account", "a1")), BankError.MISSING_FIELD));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("ticketCases")
  @DisplayName("the queue refuses a bad ticket request with its code, without stopping")
  void tickets(BankModel model, BadInput c, VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    Checkpoint stillServing = ctx.checkpoint();
    expectRefusal(ctx, refused, bank.customers().eventBus().request(Addresses.tickets(model),
            c.body().apply(null, null), TIMEOUT), c.expected())
        .compose(v -> bank.client(model).takeTicket("after-bad-ticket"))
        .compose(visit -> visit.leave())
        .onComplete(ctx.succeeding(summary -> stillServing.flag()));
  }

  static Stream<Arguments> handoffCases() {
    return Stream.of(BankModel.values()).flatMap(m -> handoffInputs(m).map(c -> Arguments.of(m, c)));
  }

  static Stream<BadInput> handoffInputs(BankModel model) {
    JsonObject take = new JsonObject().put("op", "take").put("branch", "peer1").put("count", 1).put("minWaitedMs", 0);
    JsonObject called = new JsonObject().put("op", "called").put("branch", "peer1").put("ticket", 1)
        .put("cashier", Addresses.cashier(model, "peer1.1"));
    return Stream.of(
        bad("a string body", (v, x) -> "take", BankError.INVALID_MESSAGE),
        bad("no operation", (v, x) -> take.copy().putNull("op"), BankError.MISSING_FIELD),
        bad("unknown operation", (v, x) -> take.copy().put("op", "steal"), BankError.UNKNOWN_OPERATION),
        bad("take without a branch", (v, x) -> take.copy().putNull("branch"), BankError.MISSING_FIELD),
        bad("take of no customer", (v, x) -> take.copy().put("count", 0), BankError.INVALID_FIELD),
        bad("count as a string", (v, x) -> take.copy().put("count", "1"), BankError.INVALID_FIELD),
        bad("negative wait", (v, x) -> take.copy().put("minWaitedMs", -1), BankError.INVALID_FIELD),
        bad("called to a ledger shard", (v, x) -> called.copy().put("cashier", "bankbus.ledger.0"), BankError.INVALID_FIELD),
        bad("called for a ticket not handed off", (v, x) -> called.copy().put("ticket", 999_999), BankError.TICKET_GONE),
        bad("returned for a ticket not handed off", (v, x) -> new JsonObject().put("op", "returned")
            .put("branch", "peer1").put("ticket", 999_999), BankError.TICKET_GONE));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("handoffCases")
  @DisplayName("a branch's hand-off address refuses bad input with its code, and the queue goes on serving")
  void handoff(BankModel model, BadInput c, VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    Checkpoint stillServing = ctx.checkpoint();
    String branch = bank.nodes().get(0).branchId();
    expectRefusal(ctx, refused, bank.customers().eventBus().request(Addresses.branchHandoff(model, branch),
            c.body().apply(null, null), TIMEOUT), c.expected())
        .compose(v -> bank.client(model).takeTicket("after-bad-handoff"))
        .compose(visit -> visit.leave())
        .onComplete(ctx.succeeding(summary -> stillServing.flag()));
  }

  static Stream<Arguments> lineCases() {
    JsonObject report = new JsonObject().put("branch", "peer1").put("waiting", 1).put("headWaitedMs", 5);
    return Stream.of(BankModel.values()).flatMap(m -> Stream.of(
        bad("a string body", (v, x) -> "3 waiting", BankError.INVALID_MESSAGE),
        bad("no branch", (v, x) -> report.copy().putNull("branch"), BankError.MISSING_FIELD),
        bad("negative line", (v, x) -> report.copy().put("waiting", -1), BankError.INVALID_FIELD),
        bad("wait as a fraction", (v, x) -> report.copy().put("headWaitedMs", 0.5), BankError.INVALID_FIELD))
        .map(c -> Arguments.of(m, c)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("lineCases")
  @DisplayName("a branch refuses a malformed line report sent to it with its code, and the queue goes on serving")
  void lines(BankModel model, BadInput c, VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    Checkpoint stillServing = ctx.checkpoint();
    expectRefusal(ctx, refused, bank.customers().eventBus().request(Addresses.lines(model), c.body().apply(null, null),
            TIMEOUT), c.expected())
        .compose(v -> bank.client(model).takeTicket("after-bad-line"))
        .compose(visit -> visit.leave())
        .onComplete(ctx.succeeding(summary -> stillServing.flag()));
  }

  static Stream<BadInput> ledgerCases() {
    return Stream.of(
        bad("a string body", (v, x) -> "snapshot", BankError.INVALID_MESSAGE),
        bad("unknown operation", (v, x) -> new JsonObject().put("op", "forge").put("account", x.a()),
            BankError.UNKNOWN_OPERATION),
        bad("leg without operation id", (v, x) -> Operation.transfer("t" + id(), x.a(), x.b(), 5).toJson()
            .put("op", "debit").putNull("opId"), BankError.MISSING_FIELD),
        bad("negative credit", (v, x) -> new JsonObject().put("op", "credit").put("opId", id() + "/credit")
            .put("account", x.a()).put("to", x.b()).put("amount", -1_000), BankError.INVALID_AMOUNT),
        bad("debit beyond the balance", (v, x) -> new JsonObject().put("op", "debit").put("opId", id() + "/debit")
            .put("account", x.a()).put("to", x.b()).put("amount", 1_001), BankError.INSUFFICIENT_FUNDS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ledgerCases")
  @DisplayName("a ledger shard (message passing) refuses bad input sent to it directly, without effect")
  void ledger(BadInput c, VertxTestContext ctx) {
    Accounts x = new Accounts("a" + id(), "b" + id());
    int shard = new ShardMap(bank.rules().ledgerShards()).shardOf(x.a());
    refusedWithoutEffect(ctx, BankModel.MESSAGE_PASSING, c, x, visit -> bank.customers().eventBus()
        .request(Addresses.ledgerShard(shard), c.body().apply(null, x), TIMEOUT));
  }

  /**
   * Opens the case's two accounts in a visit, runs its preparation, sends the bad message, and checks the
   * refusal code (one checkpoint) and that both balances are as before and still readable (another).
   */
  protected void refusedWithoutEffect(VertxTestContext ctx, BankModel model, BadInput c, Accounts x,
                                    Function<BankClient.Visit, Future<?>> badMessage) {
    Checkpoint refused = ctx.checkpoint();
    Checkpoint unchanged = ctx.checkpoint();
    bank.client(model).takeTicket("bad-input").compose(visit -> visit.execute(Operation.open(id(), x.a(), 1_000))
        .compose(r -> visit.execute(Operation.open(id(), x.b(), 0)))
        .compose(r -> prepare(visit, c, x))
        .compose(r -> balances(visit, x))
        .compose(before -> expectRefusal(ctx, refused, badMessage.apply(visit), c.expected())
            .compose(v -> balances(visit, x))
            .map(after -> {
              ctx.verify(() -> assertEquals(before, after, "balances after the refusal"));
              unchanged.flag();
              return null;
            }))
        .eventually(visit::leave))
        .onFailure(ctx::failNow);
  }


  private static Future<Void> expectRefusal(VertxTestContext ctx, Checkpoint refused, Future<?> reply,
                                            BankError expected) {
    return reply.transform(ar -> {
      ctx.verify(() -> {
        ReplyException e = assertInstanceOf(ReplyException.class, ar.cause(), "expected a refusal, got " + ar.result());
        assertEquals(expected, BankError.ofCode(e.failureCode()), e.getMessage());
        assertEquals(true, e.getMessage().startsWith(expected.name() + ": "), e.getMessage());
      });
      refused.flag();
      return Future.succeededFuture();
    });
  }

  private static Future<Void> prepare(BankClient.Visit visit, BadInput c, Accounts x) {
    Future<Void> chain = Future.succeededFuture();
    for (var step : c.prepare()) {
      chain = chain.compose(v -> visit.execute(step.apply(visit.ticket().visitId(), x)).mapEmpty());
    }
    return chain;
  }

  private static Future<List<Long>> balances(BankClient.Visit visit, Accounts x) {
    return visit.execute(Operation.balance(x.a())).compose(a -> visit.execute(Operation.balance(x.b()))
        .map(b -> List.of(a.balance(), b.balance())));
  }

  protected static String id() {
    return "id" + IDS.incrementAndGet();
  }
}
