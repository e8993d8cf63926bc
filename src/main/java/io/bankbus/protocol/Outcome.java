package io.bankbus.protocol;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What became of an operation whose answer rides inside another message (the first operation handed over with
 * a ticket): {@code {"result": {operation result}}} or {@code {"error": {"code": n, "message": "..."}}}, the error
 * being the {@link Refusal} a {@code fail(code, text)} reply to the operation would have carried.
 */
public record Outcome(OperationResult result, Refusal refusal) {

  public static Outcome of(AsyncResult<OperationResult> done) {
    return done.succeeded() ? new Outcome(done.result(), null) : new Outcome(null, Refusal.of(done.cause()));
  }

  public JsonObject toJson() {
    return result != null ? new JsonObject().put("result", result.toJson())
        : new JsonObject().put("error", refusal.toJson());
  }

  public static Outcome fromJson(JsonObject json) {
    JsonObject error = json.getJsonObject("error");
    return error == null ? new Outcome(OperationResult.fromJson(json.getJsonObject("result")), null)
        : new Outcome(null, Refusal.fromJson(error));
  }

  /** The result, or the failure a requester would have received had the operation been refused to it directly. */
  public Future<OperationResult> toFuture() {
    return result != null ? Future.succeededFuture(result) : Future.failedFuture(refusal.asReplyFailure());
  }
}
