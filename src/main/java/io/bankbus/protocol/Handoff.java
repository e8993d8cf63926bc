package io.bankbus.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Between the branches of a model, on {@link Addresses#branchHandoff} of the branch that holds the customers:
 * a branch whose cashiers are free takes the oldest customers of another's line ({@link Take}, answered
 * {@link Taken}), calls each to a cashier of its own, then tells the holding branch, which answers the customer's
 * ticket request: {@link Called} (answered {@code {}}), or {@link Returned} if no cashier took it (back in line).
 * Either fails {@link BankError#TICKET_GONE} if the ticket is no longer held for that branch; a malformed
 * message fails 100-103.
 */
public final class Handoff {
  /** More than any branch has cashiers: a bound for hostile input. */
  public static final int MAX_COUNT = 1_000;

  private Handoff() {
  }

  /** A message to the holding branch: {@link Take}, {@link Called} or {@link Returned}. */
  public sealed interface Request permits Take, Called, Returned {
    /** The branch that takes, called or gives back. */
    String branch();

    JsonObject toJson();
  }

  /** {@code {"op": "take", "branch", "count", "minWaitedMs"}}: up to count customers who waited at least that long. */
  public record Take(String branch, int count, long minWaitedMs) implements Request {
    public JsonObject toJson() {
      return new JsonObject().put("op", "take").put("branch", branch).put("count", count).put("minWaitedMs", minWaitedMs);
    }
  }

  /** One customer handed over: its ticket at the holding branch, the visit id to call it with, its first operation. */
  public record Handed(long ticket, String visitId, JsonObject first) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("ticket", ticket).put("visitId", visitId);
      return first == null ? json : json.put("first", first);
    }
  }

  /** The answer to a take: {@code {"tickets": [{"ticket", "visitId", "first"?}], "line": {LineReport}}}. */
  public record Taken(List<Handed> tickets, LineReport line) {
    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      tickets.forEach(t -> list.add(t.toJson()));
      return new JsonObject().put("tickets", list).put("line", line.toJson());
    }

    public static Taken fromJson(JsonObject json) {
      List<Handed> handed = new ArrayList<>();
      for (Object o : JsonFields.array(json, "tickets")) {
        if (!(o instanceof JsonObject t)) {
          throw BankError.INVALID_FIELD.exception("field 'tickets' must hold objects");
        }
        Object first = t.getValue("first");
        if (first != null && !(first instanceof JsonObject)) {
          throw BankError.INVALID_FIELD.exception("field 'first' of a handed ticket must be an object");
        }
        handed.add(new Handed(JsonFields.integer(t, "ticket"), JsonFields.id(t, "visitId"), (JsonObject) first));
      }
      return new Taken(handed, LineReport.fromJson(JsonFields.object(json, "line")));
    }
  }

  /** {@code {"op": "called", "branch", "ticket", "cashier", "first"?}}: the first operation's {@link Outcome}. */
  public record Called(String branch, long ticket, String cashier, JsonObject first) implements Request {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("op", "called").put("branch", branch).put("ticket", ticket).put("cashier", cashier);
      return first == null ? json : json.put("first", first);
    }
  }

  /** {@code {"op": "returned", "branch", "ticket"}}: no cashier of that branch took the customer. */
  public record Returned(String branch, long ticket) implements Request {
    public JsonObject toJson() {
      return new JsonObject().put("op", "returned").put("branch", branch).put("ticket", ticket);
    }
  }

  /** Reads a request for {@code model}'s branches; refuses anything malformed with its code. */
  public static Request fromJson(BankModel model, JsonObject json) {
    Object op = JsonFields.require(json, "op");
    String branch = JsonFields.id(json, "branch");
    if ("take".equals(op)) {
      long count = JsonFields.integer(json, "count");
      if (count < 1 || count > MAX_COUNT) {
        throw BankError.INVALID_FIELD.exception("field 'count' must be between 1 and " + MAX_COUNT + ", got " + count);
      }
      long min = JsonFields.integer(json, "minWaitedMs");
      if (min < 0 || min > TicketRequest.MAX_PATIENCE_MS) {
        throw BankError.INVALID_FIELD.exception("field 'minWaitedMs' must be between 0 and "
            + TicketRequest.MAX_PATIENCE_MS + ", got " + min);
      }
      return new Take(branch, (int) count, min);
    }
    if ("called".equals(op)) {
      String cashier = JsonFields.string(json, "cashier");
      if (!Addresses.isCashier(model, cashier)) {
        throw BankError.INVALID_FIELD.exception("field 'cashier' must be a cashier address of " + model.wire()
            + ", got '" + JsonFields.abbreviate(cashier) + "'");
      }
      Object first = json.getValue("first");
      if (first != null && !(first instanceof JsonObject)) {
        throw BankError.INVALID_FIELD.exception("field 'first' must be an outcome object");
      }
      return new Called(branch, ticket(json), cashier, (JsonObject) first);
    }
    if ("returned".equals(op)) {
      return new Returned(branch, ticket(json));
    }
    throw BankError.UNKNOWN_OPERATION.exception("a branch's hand-off address takes 'take', 'called' or 'returned', got '"
        + JsonFields.abbreviate(String.valueOf(op)) + "'");
  }

  private static long ticket(JsonObject json) {
    long ticket = JsonFields.integer(json, "ticket");
    if (ticket < 1) {
      throw BankError.INVALID_FIELD.exception("field 'ticket' must be at least 1, got " + ticket);
    }
    return ticket;
  }
}
