package io.bankbus.sharedstate;

import io.bankbus.protocol.BankError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Cluster-wide account locks, taken in one global order (sorted account ids) so two transfers between the same
 * accounts in opposite directions cannot deadlock, and always released, whatever the guarded work does.
 */
public final class AccountLocks implements LockGuard {
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
  @Override
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

  /**
   * The node-local lock first, then the cluster lock. Hazelcast's lock is reentrant per thread, and a worker
   * thread that has taken it for one cashier returns to the pool while that cashier holds it: the next wait
   * for the same lock run on that thread would re-enter and succeed at once, two holders on one node. With the
   * local lock, a node has at most one holder or waiter per account, so that cannot happen, and waiters queue
   * without holding a thread. What remains is the window after a release, whose {@code forceUnlock} runs later
   * on another executor; the compare-and-set writes of {@link LockedSharedStateTeller} catch that rare case.
   */
  private Future<Lock> acquire(String account) {
    String name = prefix + account;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    return vertx.sharedData().getLocalLockWithTimeout(name, timeoutMs).compose(local -> {
      if (!vertx.isClustered()) {
        return Future.succeededFuture(local);                      // one JVM: the local lock is the lock
      }
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      Promise<Lock> acquired = Promise.promise();
      lockContext.runOnContext(v -> vertx.sharedData().getLockWithTimeout(name, left).onComplete(acquired));
      return acquired.future()
          .<Lock>map(cluster -> () -> {
            cluster.release();
            local.release();
          })
          .onFailure(failure -> local.release());
    }).recover(failure -> Future.failedFuture(ClusterRefusals.noMajority(failure)
        ? BankError.NO_MAJORITY.exception("the lock of account '" + account + "' was refused: this node's side of the"
            + " cluster holds fewer than a majority of the bank's nodes; nothing was changed")
        : BankError.LOCK_TIMEOUT.exception(
            "the lock of account '" + account + "' was not obtained within " + timeoutMs + " ms; nothing was changed")));
  }
}
