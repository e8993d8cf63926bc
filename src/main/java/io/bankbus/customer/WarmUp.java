package io.bankbus.customer;

import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The load's one unmeasured warm-up: every model at once, for a few seconds, before the first is measured. All
 * models run together so that every JVM (each bank node and the customers' process) compiles every model's code
 * paths, and the shared ones (event bus, Hazelcast, the queue), before any of them is measured; one after the
 * other, the last would still be cold when the first was measured warm. Each model's warm-up run is a full
 * {@link LoadRun} on accounts of its own, audited like any other: a bank that loses money while warming up has
 * still lost it.
 */
public final class WarmUp {
  private WarmUp() {
  }

  /**
   * Runs {@code models} at once for {@code seconds}, closed loop, with the customers, workload, patience and
   * retries of {@code options} (at most {@link CapacityProbe#CUSTOMERS} customers per model: enough to fill every
   * code path, without a soak's thousands at once); prints one status line a second; the results, one a model.
   * Execute it from outside any verticle, as a {@link LoadRun}.
   */
  public static Future<List<LoadRun.Result>> run(Vertx vertx, List<BankModel> models, LoadOptions options,
                                                 double seconds, BankRules rules, Consumer<String> status) {
    LoadOptions warm = new LoadOptions(Math.min(options.customers(), CapacityProbe.CUSTOMERS), 0, seconds, 0, 0,
        options.workload(), options.operationTimeoutMs(), options.patienceMs(), options.retry());
    List<LoadRun> runs = new ArrayList<>();
    for (BankModel model : models) {
      runs.add(new LoadRun(vertx, model, warm, rules, line -> { }));
    }
    long start = System.nanoTime();
    long[] last = new long[runs.size()];
    long timer = vertx.setPeriodic(1_000, id -> {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-21s %-10s %6.1fs ", "every model",
          "warming up", (System.nanoTime() - start) / 1e9));
      for (int i = 0; i < runs.size(); i++) {
        long answered = runs.get(i).recorder().answeredEver();
        line.append(String.format(Locale.ROOT, " %s ops/s %d", LoadRun.shortName(models.get(i)), answered - last[i]));
        last[i] = answered;
      }
      status.accept(line.toString());
    });
    List<Future<LoadRun.Result>> done = runs.stream().map(LoadRun::execute).toList();
    return Future.all(done).map(all -> done.stream().map(Future::result).toList())
        .andThen(x -> vertx.cancelTimer(timer));
  }
}
