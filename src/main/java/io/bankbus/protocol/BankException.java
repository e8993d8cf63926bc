package io.bankbus.protocol;

import io.vertx.core.eventbus.Message;

/** A refusal with its bank error code; thrown by the pure domain classes, turned into a reply by handlers. */
public final class BankException extends RuntimeException {
  private final BankError error;

  public BankException(BankError error, String text) {
    super(text, null, false, false);
    this.error = error;
  }

  public BankError error() {
    return error;
  }

  /** Replies this refusal to {@code message}. */
  public void replyTo(Message<?> message) {
    error.fail(message, getMessage());
  }
}
