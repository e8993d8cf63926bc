package io.bankbus.sharedstate;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;

/** Runs work while holding the locks of some accounts. {@link AccountLocks} is the real one. */
public interface LockGuard {
  /**
   * @param accounts sorted, distinct account ids: the one global order in which locks are taken
   * @param block    the guarded work; the locks are released when its future completes, however it completes
   */
  <T> Future<T> withLocks(List<String> accounts, Supplier<Future<T>> block);
}
