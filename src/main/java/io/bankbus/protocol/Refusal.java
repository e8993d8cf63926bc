package io.bankbus.protocol;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * A refused request as it travels: a {@link BankError} code and a text that stands alone ({@code "NAME: ..."}).
 * The one encoding of a refusal: replied as {@code fail(code, text)}, or, where an outcome rides inside another
 * message ({@link Outcome}), as {@code {"code", "message"}} with the same two values, read back into the very
 * failure a {@code fail(code, text)} reply would have given.
 */
public record Refusal(int code, String message) {

  /** The refusal {@code failure} stands for: its bank code (or INTERNAL_ERROR) and its wording. */
  public static Refusal of(Throwable failure) {
    return new Refusal(BankError.of(failure).code(), BankError.wording(failure));
  }

  /** Replies {@code fail(code, message)}. */
  public void replyTo(Message<?> request) {
    request.fail(code, message);
  }

  /** What a requester receives when a request is answered {@code fail(code, message)}. */
  public ReplyException asReplyFailure() {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, message);
  }

  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("message", message);
  }

  public static Refusal fromJson(JsonObject json) {
    return new Refusal((int) JsonFields.integer(json, "code"), json.getString("message"));
  }
}
