package io.bankbus.protocol;

import io.vertx.core.json.JsonObject;

/**
 * Published on {@link Addresses#lines} by each branch of a model, every few milliseconds while customers wait
 * there and once when its line empties: {@code {"branch", "waiting", "headWaitedMs"}}. The other branches of the
 * model decide from it whether to take its oldest customers ({@link Handoff}). Also the {@code "line"} of a take's
 * answer. A malformed report is refused with 100-102 (unheard when published).
 *
 * @param waiting      customers in the line now (not those already handed to another branch)
 * @param headWaitedMs how long the oldest of them has waited; 0 when nobody waits
 */
public record LineReport(String branch, int waiting, long headWaitedMs) {
  /** More than any waiting room holds: a bound for hostile input, not a rule. */
  public static final int MAX_WAITING = 10_000_000;

  public JsonObject toJson() {
    return new JsonObject().put("branch", branch).put("waiting", waiting).put("headWaitedMs", headWaitedMs);
  }

  public static LineReport fromJson(JsonObject json) {
    String branch = JsonFields.id(json, "branch");
    long waiting = JsonFields.integer(json, "waiting");
    if (waiting < 0 || waiting > MAX_WAITING) {
      throw BankError.INVALID_FIELD.exception("field 'waiting' must be between 0 and " + MAX_WAITING + ", got " + waiting);
    }
    long head = JsonFields.integer(json, "headWaitedMs");
    if (head < 0 || head > TicketRequest.MAX_PATIENCE_MS) {
      throw BankError.INVALID_FIELD.exception("field 'headWaitedMs' must be between 0 and "
          + TicketRequest.MAX_PATIENCE_MS + ", got " + head);
    }
    return new LineReport(branch, (int) waiting, head);
  }
}
