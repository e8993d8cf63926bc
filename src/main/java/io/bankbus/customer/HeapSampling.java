package io.bankbus.customer;

import io.bankbus.node.HeapVerticle;
import io.bankbus.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's heap samples: every few seconds, each bank node's heap (and this process's) after a full GC, judged by
 * {@link HeapTrend} from one dedup window, plus time for compaction and expiry to catch up, after the start.
 */
final class HeapSampling {
  private static final Logger LOG = LoggerFactory.getLogger(HeapSampling.class);
  /** Seconds after the dedup window from which a heap must stay flat. */
  private static final double CATCH_UP_SECONDS = 20;

  private final Vertx vertx;
  private final String model;
  private final LoadRecorder recorder;
  private final double everySeconds;
  private final Supplier<Collection<String>> bankNodes;
  private final Map<String, List<HeapTrend.Sample>> samples = new ConcurrentHashMap<>();
  private long timer = -1;
  private boolean sampling;

  /** @param bankNodes the cluster node ids of the bank's nodes, asked anew each time (nodes may come and go) */
  HeapSampling(Vertx vertx, String model, LoadRecorder recorder, double everySeconds,
               Supplier<Collection<String>> bankNodes) {
    this.vertx = vertx;
    this.model = model;
    this.recorder = recorder;
    this.everySeconds = everySeconds;
    this.bankNodes = bankNodes;
  }

  /** Samples every {@code everySeconds} until {@link #stop()}, skipping a sample once {@code stopping}. */
  void start(BooleanSupplier stopping) {
    timer = vertx.setPeriodic(Math.round(everySeconds * 1000), t -> {
      if (!stopping.getAsBoolean()) {
        sample();
      }
    });
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /**
   * One trend per process, by name. Each bank node's sample carries the operations acknowledged in the whole
   * seconds of the window before it, which bound what the bank holds (the customers' process holds no window).
   */
  List<HeapTrend> trends(long dedupWindowMs) {
    double steadyFrom = dedupWindowMs / 1000.0 + CATCH_UP_SECONDS;
    long windowSeconds = Math.max(1, dedupWindowMs / 1000);
    return samples.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> new HeapTrend(e.getKey(), HeapTrend.LOAD_PROCESS.equals(e.getKey()) ? e.getValue()
            : e.getValue().stream().map(x -> new HeapTrend.Sample(x.atSeconds(), x.usedMb(),
                windowOps(x.atSeconds(), windowSeconds))).toList(), steadyFrom)).toList();
  }

  /** Operations acknowledged in the {@code windowSeconds} whole seconds of the run before {@code atSeconds}. */
  private long windowOps(double atSeconds, long windowSeconds) {
    long now = (long) atSeconds;
    long sum = 0;
    for (long second = Math.max(0, now - windowSeconds); second < now; second++) {
      sum += recorder.succeededInSecond(second);
    }
    return sum;
  }

  private void sample() {
    if (sampling) {
      return;
    }
    sampling = true;
    double at = recorder.secondsOfRun(System.nanoTime());
    List<Future<JsonObject>> asked = new ArrayList<>();
    for (String node : bankNodes.get()) {
      asked.add(vertx.eventBus().<JsonObject>request(Addresses.nodeHeap(node), new JsonObject().put("gc", true),
          new DeliveryOptions().setSendTimeout(30_000)).map(reply -> reply.body()));
    }
    asked.add(vertx.executeBlocking(() -> {
      System.gc();
      return HeapVerticle.figures(HeapTrend.LOAD_PROCESS, true);
    }, false));
    Future.join(asked).onComplete(all -> {
      sampling = false;
      for (Future<JsonObject> reply : asked) {
        if (reply.succeeded()) {
          String node = reply.result().getString("node");
          String name = HeapTrend.LOAD_PROCESS.equals(node) ? node : node.substring(0, Math.min(8, node.length()));
          samples.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
              .add(new HeapTrend.Sample(at, reply.result().getLong("heapUsedBytes") / 1048576.0));
        } else {
          LOG.warn("{}: a heap sample failed: {}", model, reply.cause().getMessage());
        }
      }
    });
  }
}
