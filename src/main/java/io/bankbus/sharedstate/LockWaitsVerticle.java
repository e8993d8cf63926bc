package io.bankbus.sharedstate;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Gives lock waits a worker pool of their own. In vertx-hazelcast a cluster lock is awaited by a blocking
 * {@code IMap.tryLock} on a worker thread of the context that asked for it; asked from the cashiers' own
 * context, waiters would occupy the very threads a lock holder needs to finish and release, and with more
 * waiters than threads the bank stalls until locks time out. Deployed as a worker verticle on a named pool
 * sized for the node's cashiers, its context is where {@link AccountLocks} asks for locks.
 */
public final class LockWaitsVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }

  /** The context whose worker pool runs the lock waits. */
  public Context lockContext() {
    return context;
  }
}
