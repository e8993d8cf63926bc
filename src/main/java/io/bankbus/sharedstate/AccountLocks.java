package io.bankbus.sharedstate;

import io.bankbus.protocol.BankError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Cluster-wide account locks, taken in one global order (sorted account ids) so two transfers between the same
 * accounts in opposite directions cannot deadlock, and always released, whatever the guarded work does.
 */
public final class AccountLocks {
  private final Vertx vertx;
  private final Context lockContext;
  private final String prefix;
  private final long timeoutMs;

  /**
   * @param lockContext where lock waits run (see {@link LockWaitsVerticle})
   * @param prefix      lock names are {@code prefix + accountId}
   */
  public AccountLocks(Vertx vertx, Context lockContext, String prefix, long timeoutMs) {
    this.vertx = vertx;
    this.lockContext = lockContext;
    this.prefix = prefix;
    this.timeoutMs = timeoutMs;
  }

  /** Runs {@code block} holding the locks of {@code accounts} (sorted, distinct); fails LOCK_TIMEOUT if one is not had. */
  public <T> Future<T> withLocks(List<String> accounts, Supplier<Future<T>> block) {
    if (accounts.isEmpty()) {
      return block.get();
    }
    return acquire(accounts.get(0)).compose(lock -> {
      Future<T> guarded;
      try {
        guarded = withLocks(accounts.subList(1, accounts.size()), block);
      } catch (RuntimeException e) {
        guarded = Future.failedFuture(e);
      }
      return guarded.andThen(done -> lock.release());
    });
  }

  private Future<Lock> acquire(String account) {
    Promise<Lock> acquired = Promise.promise();
    lockContext.runOnContext(v -> vertx.sharedData().getLockWithTimeout(prefix + account, timeoutMs)
        .onComplete(acquired));
    return acquired.future().recover(failure -> Future.failedFuture(BankError.LOCK_TIMEOUT.exception(
        "the lock of account '" + account + "' was not obtained within " + timeoutMs + " ms; nothing was changed")));
  }
}
