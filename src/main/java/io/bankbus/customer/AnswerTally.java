package io.bankbus.customer;

import io.bankbus.protocol.BankError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What customers were answered, attempt by attempt (a retry is one more answer), while a window is open: the
 * load opens it at a network partition and closes it at the heal. Keys: {@value #OK}; a bank error's name
 * ({@code NO_MAJORITY}, {@code UNAVAILABLE}, ...); {@value #NO_REPLY} when nothing came back in time (a cashier on
 * the far side of the cut); {@value #NO_HANDLER} when no cashier was registered at the address.
 */
public final class AnswerTally {
  public static final String OK = "OK";
  public static final String NO_REPLY = "NO_REPLY";
  public static final String NO_HANDLER = "NO_HANDLER";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private volatile boolean open;

  void open() {
    open = true;
  }

  void close() {
    open = false;
  }

  /** One attempt's answer: {@code null} for a success, else its failure. Counted only while open. */
  void count(Throwable failure) {
    if (open) {
      counts.computeIfAbsent(key(failure), k -> new LongAdder()).increment();
    }
  }

  static String key(Throwable failure) {
    if (failure == null) {
      return OK;
    }
    if (failure instanceof ReplyException re && re.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return re.failureType() == ReplyFailure.NO_HANDLERS ? NO_HANDLER : NO_REPLY;
    }
    return BankError.of(failure).name();
  }

  /** The counts so far, by key in name order. */
  public Map<String, Long> counts() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }
}
