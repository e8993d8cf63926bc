package io.bankbus.protocol;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Every failure code the bank replies with, defined once.
 *
 * <p>Handlers answer a bad or refused message with {@code message.fail(code, text)}: the code is one of
 * these, the text stands alone (a cause does not cross nodes). Codes 1xx are malformed requests, 2xx are
 * refusals by a bank rule, 3xx concern the queue and availability, 5xx are bugs. A {@linkplain #retryable()
 * retryable} failure may be retried with the same operation id; nothing was applied or the retry is
 * deduplicated.
 */
public enum BankError {
  INVALID_MESSAGE(100, false, "the body is not a JSON object (or not a well-formed binary ledger message)"),
  MISSING_FIELD(101, false, "a required field is absent or null"),
  INVALID_FIELD(102, false, "a field has the wrong JSON type or an invalid value"),
  UNKNOWN_OPERATION(103, false, "the 'op' field names no operation of this address"),
  INVALID_AMOUNT(104, false, "the amount is zero or negative"),
  AMOUNT_OVER_LIMIT(105, false, "the amount exceeds the bank's largest single amount"),
  MESSAGE_TOO_LARGE(106, false, "the body exceeds the bank's size or nesting limit; refused before any verticle saw it"),

  UNKNOWN_ACCOUNT(200, false, "no account has this id"),
  ACCOUNT_EXISTS(201, false, "an account with this id is already open"),
  INSUFFICIENT_FUNDS(202, false, "the balance does not cover the amount"),
  OPERATION_ID_CONFLICT(203, false, "the operation id was already used for a different operation"),

  BANK_FULL(300, true, "the waiting room is full; nothing was queued"),
  NOT_YOUR_CASHIER(301, false, "this cashier is not serving that visit"),
  UNAVAILABLE(302, true, "a part of the bank did not answer in time; retry with the same operation id"),
  LOCK_TIMEOUT(303, true, "an account's lock was not obtained in time; nothing was changed"),
  IN_PROGRESS(304, true, "the same operation id is being applied right now; retry with it to learn the outcome"),
  STALE_EPOCH(305, true, "between shard owner and follower: the batch comes from an owner that has been replaced"),
  OUT_OF_SEQUENCE(306, true, "between shard owner and follower: the follower's copy must be filled again first"),
  TICKET_GONE(307, false, "between branches: the handed-over ticket is no longer held for this branch (called, given back, or put back in line)"),
  NO_MAJORITY(308, true, "this node's side of the cluster holds fewer than a majority of the bank's nodes (a network"
      + " partition): the shared state refused to read, change or lock; retry with the same operation id"),

  INTERNAL_ERROR(500, true, "unexpected error in the bank; retry with the same operation id");

  private final int code;
  private final boolean retryable;
  private final String meaning;

  BankError(int code, boolean retryable, String meaning) {
    this.code = code;
    this.retryable = retryable;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }

  public String meaning() {
    return meaning;
  }

  /** A failure with this code and a text that names the offending value. */
  public BankException exception(String text) {
    return new BankException(this, text);
  }

  /** Replies {@code fail(code, text)} to {@code message}. */
  public void fail(Message<?> message, String text) {
    message.fail(code, name() + ": " + text);
  }

  /**
   * Passes a failure received from another address on to {@code message}, keeping a bank code and its text,
   * so the customer sees the refusal exactly as the ledger worded it.
   */
  public static void relay(Message<?> message, Throwable failure) {
    Refusal.of(failure).replyTo(message);
  }

  /** The text a failure travels with: {@code "NAME: ..."}, as {@link #fail} words it, never prefixed twice. */
  public static String wording(Throwable failure) {
    BankError error = of(failure);
    String text = failure.getMessage() == null ? error.meaning : failure.getMessage();
    return text.startsWith(error.name() + ": ") ? text : error.name() + ": " + text;
  }

  public static BankError ofCode(int code) {
    for (BankError e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    return null;
  }

  /**
   * Maps any failure seen by a requester back to a bank error: a bank reply code maps to its constant,
   * a timeout or a missing consumer to {@link #UNAVAILABLE}, anything else to {@link #INTERNAL_ERROR}.
   */
  public static BankError of(Throwable failure) {
    if (failure instanceof BankException be) {
      return be.error();
    }
    if (failure instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        BankError e = ofCode(re.failureCode());
        return e == null ? INTERNAL_ERROR : e;
      }
      return UNAVAILABLE;
    }
    return INTERNAL_ERROR;
  }
}
