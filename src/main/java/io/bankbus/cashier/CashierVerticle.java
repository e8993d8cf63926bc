package io.bankbus.cashier;

import io.bankbus.protocol.Addresses;
import io.bankbus.status.BankMetrics;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.JsonFields;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.protocol.Outcome;
import io.bankbus.protocol.VisitSummary;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cashier: serves one customer at a time. When free it tells its branch so; the branch calls it with the
 * next customer; it then answers only that customer's operations, passing each to its {@link Teller}, until
 * the customer leaves (or goes silent for the rules' idle timeout), and then tells the branch it is free again.
 *
 * <p>Customer messages, on {@link Addresses#cashier}: any operation of {@link Operation} plus
 * {@code "visitId"}, or {@code {"op": "leave", "visitId": ...}} which replies a {@link VisitSummary}. An operation
 * may carry {@code "leave": true}: if it succeeds, the visit ends with it and the reply carries the summary
 * under {@code "visit"} (one round trip less per visit); if it is refused, the visit goes on.
 */
public final class CashierVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CashierVerticle.class);

  private final BankModel model;
  private final String branchId;
  private final String cashierId;
  private final BankRules rules;
  private final Teller teller;
  private final BankMetrics.ModelMeters meters;

  private Visit current;
  private long idleTimer = -1;

  private static final class Visit {
    final String visitId;
    final long ticket;
    final long startedNanos;
    long lastHeardNanos;
    int operations;

    Visit(String visitId, long ticket, long startedNanos) {
      this.visitId = visitId;
      this.ticket = ticket;
      this.startedNanos = startedNanos;
    }
  }

  public CashierVerticle(BankModel model, String branchId, String cashierId, BankRules rules, Teller teller) {
    this(model, branchId, cashierId, rules, teller, BankMetrics.unregistered().of(model));
  }

  /** @param meters this model's meters on this node: busy cashiers, service time, operations */
  public CashierVerticle(BankModel model, String branchId, String cashierId, BankRules rules, Teller teller,
                         BankMetrics.ModelMeters meters) {
    this.model = model;
    this.branchId = branchId;
    this.cashierId = cashierId;
    this.rules = rules;
    this.teller = teller;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<Object> counter = vertx.eventBus().consumer(Addresses.cashier(model, cashierId), this::onCustomer);
    MessageConsumer<Object> calls = vertx.eventBus().localConsumer(Addresses.cashierCall(model, cashierId),
        this::onCall);
    MessageConsumer<Object> status = vertx.eventBus().localConsumer(Addresses.cashierStatus(model, cashierId),
        message -> message.reply(status()));
    return Future.all(counter.completion(), calls.completion(), status.completion()).onSuccess(ready -> announceFree());
  }

  /** For the node's status: {@code {"cashier", "busy", "visitId"?, "ticket"?, "operations"?, "servingMs"?}}. */
  private JsonObject status() {
    Visit visit = current;
    JsonObject status = new JsonObject().put("cashier", cashierId).put("busy", visit != null);
    if (visit != null) {
      status.put("visitId", visit.visitId).put("ticket", visit.ticket).put("operations", visit.operations)
          .put("servingMs", (System.nanoTime() - visit.startedNanos) / 1_000_000);
    }
    return status;
  }

  private void announceFree() {
    vertx.eventBus().send(Addresses.branchReady(model, branchId), new JsonObject().put("cashier", cashierId));
  }

  /**
   * From the branch: {@code {"visitId": ..., "ticket": n, "first": {operation}?}}. Refused while serving someone.
   * A handed-over first operation is carried out before answering; its outcome goes back in the answer.
   */
  private void onCall(Message<Object> message) {
    try {
      JsonObject body = JsonFields.body(message.body());
      String visitId = JsonFields.id(body, "visitId");
      long ticket = JsonFields.integer(body, "ticket");
      Object first = body.getValue("first");
      if (current != null) {
        throw BankError.NOT_YOUR_CASHIER.exception("cashier " + cashierId + " is busy with visit " + current.visitId);
      }
      Visit visit = new Visit(visitId, ticket, System.nanoTime());
      visit.lastHeardNanos = visit.startedNanos;
      current = visit;
      meters.busy(1);
      armIdleTimer(visit, rules.visitIdleTimeoutMs());
      JsonObject accepted = new JsonObject().put("cashier", Addresses.cashier(model, cashierId));
      if (!(first instanceof JsonObject firstOp)) {
        message.reply(accepted);
        return;
      }
      execute(visit, firstOp).onComplete(done -> message.reply(accepted.put("first", Outcome.of(done).toJson())));
    } catch (BankException refused) {
      refused.replyTo(message);
    }
  }

  /** Validates an operation of {@code visit} against the rules and hands it to the teller. */
  private Future<OperationResult> execute(Visit visit, JsonObject body) {
    try {
      Operation op = Operation.fromJson(body, false);
      rules.check(op);
      visit.operations++;
      return teller.execute(op, visit.visitId).andThen(answered -> meters.operation());
    } catch (BankException refused) {
      return Future.failedFuture(refused);
    }
  }

  private void onCustomer(Message<Object> message) {
    try {
      JsonObject body = JsonFields.body(message.body());
      String visitId = JsonFields.id(body, "visitId");
      Visit visit = current;
      if (visit == null || !visit.visitId.equals(visitId)) {
        throw BankError.NOT_YOUR_CASHIER.exception("cashier " + cashierId + " is not serving visit '" + visitId
            + "'; take a ticket and wait to be called");
      }
      visit.lastHeardNanos = System.nanoTime();
      if ("leave".equals(body.getValue("op"))) {
        message.reply(finish(visit).toJson());
        return;
      }
      boolean leaveAfter = leaveAfter(body);
      execute(visit, body).onComplete(done -> {
        if (done.failed()) {
          BankError.relay(message, done.cause());
        } else if (leaveAfter && current == visit) {
          message.reply(done.result().toJson().put("visit", finish(visit).toJson()));
        } else {
          message.reply(done.result().toJson());
        }
      });
    } catch (BankException refused) {
      refused.replyTo(message);
    } catch (RuntimeException bug) {
      LOG.error("cashier {} failed on {}", cashierId, message.body(), bug);
      BankError.INTERNAL_ERROR.fail(message, "cashier " + cashierId + " could not process the message");
    }
  }

  private static boolean leaveAfter(JsonObject body) {
    Object leave = body.getValue("leave");
    if (leave != null && !(leave instanceof Boolean)) {
      throw BankError.INVALID_FIELD.exception("field 'leave' must be true or false, got " + leave);
    }
    return Boolean.TRUE.equals(leave);
  }

  /** One timer per visit, pushed back on expiry while the customer keeps talking (cheaper than one per message). */
  private void armIdleTimer(Visit visit, long delayMs) {
    idleTimer = vertx.setTimer(Math.max(1, delayMs), id -> {
      idleTimer = -1;
      if (current != visit) {
        return;
      }
      long silentMs = (System.nanoTime() - visit.lastHeardNanos) / 1_000_000;
      if (silentMs < rules.visitIdleTimeoutMs()) {
        armIdleTimer(visit, rules.visitIdleTimeoutMs() - silentMs);
        return;
      }
      LOG.info("[{}] cashier {} ends visit: customer silent for {} ms", visit.visitId, cashierId, silentMs);
      finish(visit);
    });
  }

  private VisitSummary finish(Visit visit) {
    long ended = System.nanoTime();
    current = null;
    meters.busy(-1);
    meters.served(ended - visit.startedNanos);
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
    announceFree();
    return new VisitSummary(visit.visitId, visit.ticket, Addresses.cashier(model, cashierId), visit.operations,
        (ended - visit.startedNanos) / 1e6, visit.startedNanos, ended);
  }
}
