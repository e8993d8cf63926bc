package io.bankbus.client;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.CalledTicket;
import io.bankbus.protocol.Headers;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.protocol.Outcome;
import io.bankbus.protocol.TicketRequest;
import io.bankbus.protocol.VisitSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * A customer's side of the protocol, for code on any node of the cluster: take a ticket, wait to be called,
 * send the visit's operations to the cashier, leave.
 *
 * <pre>{@code
 * client.takeTicket("alice").compose(visit -> visit.execute(Operation.deposit("alice-1", "acc-1", 500))
 *     .compose(result -> visit.leave()));
 * }</pre>
 */
public final class BankClient {
  private static final long QUEUE_TIMEOUT_MARGIN_MS = 1_000;

  private final Vertx vertx;
  private final BankModel model;
  private final long operationTimeoutMs;

  /**
   * @param operationTimeoutMs how long to wait for a cashier's reply to one operation
   */
  public BankClient(Vertx vertx, BankModel model, long operationTimeoutMs) {
    this.vertx = vertx;
    this.model = model;
    this.operationTimeoutMs = operationTimeoutMs;
  }

  public Future<Visit> takeTicket(String customer) {
    return takeTicket(customer, TicketRequest.DEFAULT_PATIENCE_MS);
  }

  /** Waits in the queue (at most {@code patienceMs}) until a cashier calls; fails with BANK_FULL at once if full. */
  public Future<Visit> takeTicket(String customer, long patienceMs) {
    return takeTicket(customer, patienceMs, null);
  }

  /**
   * As {@link #takeTicket(String, long)}, handing over the visit's first operation with the ticket: the cashier
   * carries it out when it calls, and {@link Visit#first()} holds its outcome. One round trip less per visit.
   */
  public Future<Visit> takeTicket(String customer, long patienceMs, Operation first) {
    return vertx.eventBus().<JsonObject>request(Addresses.tickets(model),
            new TicketRequest(customer, patienceMs, first).toJson(),
            new DeliveryOptions().setSendTimeout(patienceMs + QUEUE_TIMEOUT_MARGIN_MS))
        .map(reply -> new Visit(CalledTicket.fromJson(reply.body())));
  }

  /** The result of a visit's last operation and the summary of the visit it ended. */
  public record LastOperation(OperationResult result, VisitSummary visit) {
  }

  /** One visit at one cashier, from the call to the leave. */
  public final class Visit {
    private final CalledTicket ticket;

    Visit(CalledTicket ticket) {
      this.ticket = ticket;
    }

    public CalledTicket ticket() {
      return ticket;
    }

    /**
     * The outcome of the operation handed over with the ticket: its result, or a failure that
     * {@link io.bankbus.protocol.BankError#of} reads like any other refusal. {@code null} if none was handed over.
     */
    public Future<OperationResult> first() {
      JsonObject first = ticket.first();
      return first == null ? null : Outcome.fromJson(first).toFuture();
    }

    public Future<OperationResult> execute(Operation op) {
      return request(op.toJson()).map(OperationResult::fromJson);
    }

    /**
     * The visit's last operation: if it succeeds the visit ends with it (no separate leave), and the result
     * carries the cashier's summary. If it is refused the visit goes on; call {@link #leave()}.
     */
    public Future<LastOperation> executeAndLeave(Operation op) {
      return request(op.toJson().put("leave", true)).map(reply -> new LastOperation(OperationResult.fromJson(reply),
          VisitSummary.fromJson(reply.getJsonObject("visit"))));
    }

    /** Sends {@code owned}, a message built for this call alone, adding the visit id to it. */
    private Future<JsonObject> request(JsonObject owned) {
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(operationTimeoutMs)
          .addHeader(Headers.CORRELATION_ID, ticket.visitId());
      return vertx.eventBus().<JsonObject>request(ticket.cashier(), owned.put("visitId", ticket.visitId()), options)
          .map(reply -> reply.body());
    }

    public Future<VisitSummary> leave() {
      return request(new JsonObject().put("op", "leave")).map(VisitSummary::fromJson);
    }
  }
}
