package io.bankbus.support;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;

/** Reading event-bus replies in tests. */
public final class Replies {
  private Replies() {
  }

  /** The failure code of a request that must be refused; fails if it was answered. */
  public static Future<Integer> refusalCode(Future<?> request) {
    return request.transform(done -> done.succeeded()
        ? Future.failedFuture("expected a refusal, got " + done.result())
        : Future.succeededFuture(((ReplyException) done.cause()).failureCode()));
  }
}
