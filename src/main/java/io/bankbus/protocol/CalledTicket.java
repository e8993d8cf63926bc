package io.bankbus.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The reply to a ticket: a cashier is now serving this customer and nobody else.
 *
 * @param ticket      the number drawn at the branch (increasing per branch)
 * @param branch      the branch that queued the customer
 * @param cashier     the address to send the visit's operations to
 * @param visitId     to quote in every message of the visit
 * @param queueWaitMs time from taking the ticket to being called, measured by the branch
 * @param calledSeq   position in the branch's order of calls (equals ticket order when service is FIFO)
 * @param first       outcome of the operation handed over with the ticket ({@link Outcome}), or {@code null}
 */
public record CalledTicket(long ticket, String branch, String cashier, String visitId, double queueWaitMs,
                           long calledSeq, JsonObject first) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("ticket", ticket)
        .put("branch", branch)
        .put("cashier", cashier)
        .put("visitId", visitId)
        .put("queueWaitMs", queueWaitMs)
        .put("calledSeq", calledSeq);
    return first == null ? json : json.put("first", first);
  }

  public static CalledTicket fromJson(JsonObject json) {
    return new CalledTicket(json.getLong("ticket"), json.getString("branch"), json.getString("cashier"),
        json.getString("visitId"), json.getDouble("queueWaitMs"), json.getLong("calledSeq"), json.getJsonObject("first"));
  }
}
