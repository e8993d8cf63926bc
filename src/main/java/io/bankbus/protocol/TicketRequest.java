package io.bankbus.protocol;

import io.vertx.core.json.JsonObject;

/**
 * Sent to {@link Addresses#tickets}: {@code {"customer": "c7", "patienceMs": 30000, "first": {operation}}}, all
 * optional. The reply arrives when a cashier calls the ticket ({@link CalledTicket}), or fails with
 * {@link BankError#BANK_FULL} at once. A customer still waiting after {@code patienceMs} is dropped from the
 * queue, so its request should time out no earlier than that. {@code first} is the visit's first operation,
 * handed over with the ticket: the cashier that calls the customer carries it out before answering, which saves
 * the visit one round trip.
 *
 * @param first the visit's first operation, or {@code null}
 */
public record TicketRequest(String customer, long patienceMs, Operation first) {
  public static final long DEFAULT_PATIENCE_MS = 30_000;
  public static final long MAX_PATIENCE_MS = 600_000;

  public TicketRequest(String customer, long patienceMs) {
    this(customer, patienceMs, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("patienceMs", patienceMs);
    if (first != null) {
      json.put("first", first.toJson());
    }
    return customer == null ? json : json.put("customer", customer);
  }

  public static TicketRequest fromJson(JsonObject json) {
    String customer = JsonFields.optionalId(json, "customer");
    long patience = JsonFields.optionalInteger(json, "patienceMs", DEFAULT_PATIENCE_MS);
    if (patience < 1 || patience > MAX_PATIENCE_MS) {
      throw BankError.INVALID_FIELD.exception("field 'patienceMs' must be between 1 and " + MAX_PATIENCE_MS
          + ", got " + patience);
    }
    Object first = json.getValue("first");
    if (first != null && !(first instanceof JsonObject)) {
      throw BankError.INVALID_FIELD.exception("field 'first' must be an operation object, got " + first.getClass().getSimpleName());
    }
    return new TicketRequest(customer, patience, first == null ? null : Operation.fromJson((JsonObject) first, false));
  }
}
