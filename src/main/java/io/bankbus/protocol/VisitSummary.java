package io.bankbus.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The cashier's reply to {@code {"op": "leave"}}: what the visit cost.
 *
 * @param visitId      the visit
 * @param ticket       its ticket
 * @param cashier      the cashier that served it
 * @param operations   operations the cashier answered during the visit
 * @param serviceMs    from the call to the leave, measured by the cashier
 * @param startedNanos the cashier's {@link System#nanoTime()} at the call: with {@code endedNanos}, lets a test
 *                     check that one cashier's visits never overlap (both come from the cashier's own JVM)
 * @param endedNanos   the cashier's {@link System#nanoTime()} at the leave
 */
public record VisitSummary(String visitId, long ticket, String cashier, int operations, double serviceMs,
                           long startedNanos, long endedNanos) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("visitId", visitId)
        .put("ticket", ticket)
        .put("cashier", cashier)
        .put("operations", operations)
        .put("serviceMs", serviceMs)
        .put("startedNanos", startedNanos)
        .put("endedNanos", endedNanos);
  }

  public static VisitSummary fromJson(JsonObject json) {
    return new VisitSummary(json.getString("visitId"), json.getLong("ticket"), json.getString("cashier"),
        json.getInteger("operations"), json.getDouble("serviceMs"), json.getLong("startedNanos"),
        json.getLong("endedNanos"));
  }
}
