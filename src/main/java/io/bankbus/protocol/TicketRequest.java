package io.bankbus.protocol;

import io.vertx.core.json.JsonObject;

/**
 * Sent to {@link Addresses#tickets}: {@code {"customer": "c7", "patienceMs": 30000}}, both optional.
 * The reply arrives when a cashier calls the ticket ({@link CalledTicket}), or fails with
 * {@link BankError#BANK_FULL} at once. A customer still waiting after {@code patienceMs} is dropped from the
 * queue, so its request should time out no earlier than that.
 */
public record TicketRequest(String customer, long patienceMs) {
  public static final long DEFAULT_PATIENCE_MS = 30_000;
  public static final long MAX_PATIENCE_MS = 600_000;

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("patienceMs", patienceMs);
    return customer == null ? json : json.put("customer", customer);
  }

  public static TicketRequest fromJson(JsonObject json) {
    String customer = JsonFields.optionalId(json, "customer");
    long patience = JsonFields.optionalInteger(json, "patienceMs", DEFAULT_PATIENCE_MS);
    if (patience < 1 || patience > MAX_PATIENCE_MS) {
      throw BankError.INVALID_FIELD.exception("field 'patienceMs' must be between 1 and " + MAX_PATIENCE_MS
          + ", got " + patience);
    }
    return new TicketRequest(customer, patience);
  }
}
