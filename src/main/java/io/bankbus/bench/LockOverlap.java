package io.bankbus.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does a Vert.x cluster lock exclude? {@code loops} loops, each on an event loop of its own (one verticle
 * instance each), take the same cluster lock ({@code SharedData.getLockWithTimeout}) over and over: take it,
 * count one more holder (an overlap if someone else holds it too), hold it ~1 ms, count one holder less, release
 * it, wait {@code pauseMs} (0: none), again, for {@code seconds}. A lock that excludes never shows an overlap;
 * a count above 0 means two loops held it at once. Nothing here blocks a thread: every step is a future
 * composed on the loop's own event loop. See README, "The lock hazard".
 */
public final class LockOverlap {
  /** The lock every loop takes; one name, so that every acquisition contends with every other. */
  static final String LOCK = "bankbus.lock-overlap";
  private static final long LOCK_TIMEOUT_MS = 10_000;
  private static final long HOLD_MS = 1;

  /** What the loops did: locks taken in all, and how many of those were taken while another loop held it. */
  public record Result(int loops, long pauseMs, int workerPool, long acquired, long overlaps) {
    /** One line, the fields of the original reproducer ({@code ../shared/repro/LockOverlap.java}). */
    public JsonObject toJson() {
      return new JsonObject().put("loops", loops).put("pause_ms", pauseMs).put("worker_pool", workerPool)
          .put("acquired", acquired).put("overlaps", overlaps);
    }
  }

  private final AtomicInteger holders = new AtomicInteger();
  private final AtomicLong acquired = new AtomicLong();
  private final AtomicLong overlaps = new AtomicLong();

  private LockOverlap() {
  }

  /**
   * Runs the loops on {@code vertx} (clustered, so that the lock is Hazelcast's) and completes with the counts
   * once every loop has stopped and released. {@code workerPool} is only reported: it is {@code vertx}'s.
   */
  public static Future<Result> run(Vertx vertx, int loops, double seconds, long pauseMs, int workerPool) {
    LockOverlap counts = new LockOverlap();
    long endNanos = System.nanoTime() + (long) (seconds * 1e9);
    List<Future<Void>> finished = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> new Loop(counts, endNanos, pauseMs, finished),
            new DeploymentOptions().setInstances(loops))
        .compose(id -> Future.all(finished).eventually(() -> vertx.undeploy(id)))
        .map(all -> new Result(loops, pauseMs, workerPool, counts.acquired.get(), counts.overlaps.get()));
  }

  /** One loop: a verticle instance, so that it runs on an event loop of its own. */
  private static final class Loop extends VerticleBase {
    private final LockOverlap counts;
    private final long endNanos;
    private final long pauseMs;
    private final Promise<Void> done = Promise.promise();

    Loop(LockOverlap counts, long endNanos, long pauseMs, List<Future<Void>> finished) {
      this.counts = counts;
      this.endNanos = endNanos;
      this.pauseMs = pauseMs;
      finished.add(done.future());
    }

    @Override
    public Future<?> start() {
      context.runOnContext(v -> next());
      return Future.succeededFuture();
    }

    /** The next round, or the end; a failed round (lock not obtained in 10 s) ends the run as failed. */
    private void next() {
      if (System.nanoTime() >= endNanos) {
        done.tryComplete();
        return;
      }
      round().onComplete(ar -> {
        if (ar.failed()) {
          done.tryFail(ar.cause());
        } else {
          next();
        }
      });
    }

    /** Take the lock, hold it ~1 ms while counting holders, release it, pause. */
    private Future<Void> round() {
      return vertx.sharedData().getLockWithTimeout(LOCK, LOCK_TIMEOUT_MS).compose(lock -> {
        counts.acquired.incrementAndGet();
        if (counts.holders.incrementAndGet() > 1) {
          counts.overlaps.incrementAndGet();
        }
        return vertx.timer(HOLD_MS).<Void>mapEmpty().eventually(() -> {
          counts.holders.decrementAndGet();
          lock.release();
          return Future.succeededFuture();
        });
      }).compose(v -> pauseMs > 0 ? vertx.timer(pauseMs).mapEmpty() : Future.succeededFuture());
    }
  }
}
