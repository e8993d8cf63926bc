package io.bankbus.bench;

import io.bankbus.customer.Workload;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The baselines the bank is measured against, each a set of loops kept running for a time:
 * clustered request/reply to {@link EchoVerticle} (plain, with a replicated write, or with a copy to another
 * member before each answer), and a plain lock → get → put → release on the same
 * accounts (hot ones as often as in the workload) with Vert.x cluster locks and a clustered map.
 */
public final class RawLoops {
  private static final String COUNTERS = "bankbus.bench.accounts";
  private RawLoops() {
  }

  /** Operations per second of {@code loops} concurrent request/reply loops over {@code seconds}. */
  public static Future<Double> requestReply(Vertx vertx, int loops, double warmupSeconds, double seconds) {
    return requestReply(vertx, EchoVerticle.ADDRESS, loops, warmupSeconds, seconds);
  }

  /** As {@link #requestReply(Vertx, int, double, double)}, each answer written to a replicated map first. */
  public static Future<Double> replicatedRequestReply(Vertx vertx, int loops, double warmupSeconds, double seconds) {
    return requestReply(vertx, EchoVerticle.REPLICATED, loops, warmupSeconds, seconds);
  }

  /** As {@link #requestReply(Vertx, int, double, double)}, each body first copied to a follower on another node. */
  public static Future<Double> copiedRequestReply(Vertx vertx, int loops, double warmupSeconds, double seconds) {
    return requestReply(vertx, EchoVerticle.COPIED, loops, warmupSeconds, seconds);
  }

  private static Future<Double> requestReply(Vertx vertx, String address, int loops, double warmupSeconds,
                                             double seconds) {
    JsonObject body = new JsonObject().put("op", "deposit").put("opId", "bench-0000000001").put("account", "bench-a17")
        .put("amount", 1234).put("visitId", "0123abcd-42");
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
    return run(vertx, loops, warmupSeconds, seconds, i -> vertx.eventBus().request(address, body, options)
        .mapEmpty());
  }

  /** What the lock loops of all nodes did: operations in the measured window, and all increments made. */
  public record LockLoopResult(double opsPerSecond, long increments) {
  }

  /**
   * Operations per second of the lock loops run on every bank node at once, {@code loopsPerNode} each, as the
   * shared-state cashiers are spread over the nodes. {@code localLockFirst} makes each loop take the node-local
   * lock before the cluster lock, as the bank does.
   */
  public static Future<LockLoopResult> lockLoopOnNodes(Vertx vertx, List<String> nodeIds, int loopsPerNode,
                                                       Workload workload, double warmupSeconds, double seconds,
                                                       boolean localLockFirst) {
    JsonObject ask = new JsonObject().put("loops", loopsPerNode).put("warmupSeconds", warmupSeconds)
        .put("seconds", seconds).put("accounts", workload.accounts()).put("hotAccounts", workload.hotAccountFraction())
        .put("hotShare", workload.hotShare()).put("localLockFirst", localLockFirst);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout((long) ((warmupSeconds + seconds) * 1000) + 60_000);
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (String node : nodeIds) {
      replies.add(vertx.eventBus().<JsonObject>request(LockLoopVerticle.address(node), ask, options)
          .map(reply -> reply.body()));
    }
    return Future.all(replies).map(all -> new LockLoopResult(
        replies.stream().mapToLong(r -> r.result().getLong("operations")).sum() / seconds,
        replies.stream().mapToLong(r -> r.result().getLong("increments")).sum()));
  }

  /** The sum of the counters the lock loops increment, and a way to zero them between rounds. */
  public static Future<Long> counterTotal(Vertx vertx) {
    return vertx.sharedData().<String, Long>getAsyncMap(COUNTERS).compose(m -> m.values())
        .map(values -> values.stream().mapToLong(Long::longValue).sum());
  }

  public static Future<Void> clearCounters(Vertx vertx) {
    return vertx.sharedData().<String, Long>getAsyncMap(COUNTERS).compose(m -> m.clear());
  }

  /**
   * Concurrent lock → get → put(+1) → release loops over the workload's accounts; the result is operations per
   * second in the measured window and the increments made in all. Counters minus increments is the number of
   * updates lost, i.e. of times the lock did not exclude.
   */
  public static Future<JsonObject> lockLoop(Vertx vertx, int loops, Workload workload, double warmupSeconds,
                                            double seconds, boolean localLockFirst) {
    AtomicLong increments = new AtomicLong();
    return vertx.sharedData().<String, Long>getAsyncMap(COUNTERS).compose(map -> {
      List<SplittableRandom> randoms = new ArrayList<>();
      for (int i = 0; i < loops; i++) {
        randoms.add(new SplittableRandom(workload.seed() + i));
      }
      return run(vertx, loops, warmupSeconds, seconds, i -> {
        String key = "bench-a" + pick(randoms.get(i), workload);
        String lock = "bankbus.bench.lock." + key;
        Supplier<Future<Void>> increment = () -> vertx.sharedData().withLock(lock, 10_000, () -> map.get(key)
            .compose(v -> map.put(key, (v == null ? 0 : v) + 1))
            .onSuccess(v -> increments.incrementAndGet()));
        if (!localLockFirst) {
          return increment.get();
        }
        return vertx.sharedData().getLocalLockWithTimeout(lock, 10_000)
            .compose(local -> increment.get().andThen(done -> local.release()));
      });
    }).map(opsPerSecond -> new JsonObject().put("operations", Math.round(opsPerSecond * seconds))
        .put("increments", increments.get()));
  }

  private static int pick(SplittableRandom random, Workload workload) {
    int hot = workload.hotAccounts();
    boolean toHot = hot >= workload.accounts() || random.nextDouble() < workload.hotShare();
    return toHot ? random.nextInt(hot) : hot + random.nextInt(workload.accounts() - hot);
  }

  interface Step {
    Future<Void> run(int loop);
  }

  private static Future<Double> run(Vertx vertx, int loops, double warmupSeconds, double seconds, Step step) {
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmupSeconds * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      Promise<Void> finished = Promise.promise();
      int loop = i;
      vertx.getOrCreateContext().runOnContext(v -> next(step, loop, measureFrom, end, done, finished));
      all.add(finished.future());
    }
    return Future.all(all).map(x -> done.get() / seconds);
  }

  private static void next(Step step, int loop, long measureFrom, long end, AtomicLong done, Promise<Void> finished) {
    if (System.nanoTime() >= end) {
      finished.tryComplete();
      return;
    }
    step.run(loop).onComplete(ar -> {
      if (ar.failed()) {
        finished.tryFail(ar.cause());
        return;
      }
      long now = System.nanoTime();
      if (now >= measureFrom && now < end) {
        done.incrementAndGet();
      }
      next(step, loop, measureFrom, end, done, finished);
    });
  }
}
