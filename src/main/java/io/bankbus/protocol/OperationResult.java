package io.bankbus.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The successful reply to an operation.
 *
 * @param op        the operation's wire name
 * @param opId      its operation id ({@code null} for balance reads)
 * @param account   the account acted on (source of a transfer)
 * @param balance   that account's balance after the operation, in cents
 * @param to        destination of a transfer, else {@code null}
 * @param toBalance destination balance after a transfer, else 0
 * @param replayed  true when the id had been applied before: nothing changed this time
 */
public record OperationResult(String op, String opId, String account, long balance, String to, long toBalance,
                              boolean replayed) {

  /** The reply to {@code op}: {@code to} and {@code toBalance} are kept for a transfer only. */
  public static OperationResult of(Operation op, long balance, long toBalance, boolean replayed) {
    boolean transfer = op.type() == OpType.TRANSFER;
    return new OperationResult(op.type().wire(), op.opId(), op.account(), balance, transfer ? op.to() : null,
        transfer ? toBalance : 0, replayed);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("op", op).put("account", account).put("balance", balance)
        .put("replayed", replayed);
    if (opId != null) {
      json.put("opId", opId);
    }
    if (to != null) {
      json.put("to", to).put("toBalance", toBalance);
    }
    return json;
  }

  public static OperationResult fromJson(JsonObject json) {
    return new OperationResult(json.getString("op"), json.getString("opId"), json.getString("account"),
        json.getLong("balance"), json.getString("to"), json.getLong("toBalance", 0L),
        json.getBoolean("replayed", false));
  }
}
