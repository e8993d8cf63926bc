package io.bankbus.customer;

import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * How many visits per second a model of the bank serves at most, measured in two short runs, each audited like any
 * other: closed loop to warm the bank up and get a first estimate, then open loop at three times that, where the
 * bank is saturated and serves as much as it can. The larger of the two is its capacity. Closed loop alone
 * underestimates it (measured: message passing served 1.6 x its closed-loop figure once saturated), and a cold
 * bank did half of what it did warm, hence at least 20 s of warm-up.
 */
public final class CapacityProbe {
  public static final int CUSTOMERS = 64;
  public static final double SECONDS = 10;
  static final double MIN_WARMUP_SECONDS = 20;
  static final double SATURATION = 3;

  /** What was measured; {@code capacity} is the larger of the two, in visits per second. */
  public record Capacity(double closedLoop, double saturatedArrivals, double saturated, double capacity) {
  }

  private CapacityProbe() {
  }

  /**
   * The first probe: closed loop, {@value #CUSTOMERS} customers (fewer if {@code load} has fewer in flight).
   * Call each probe from outside any verticle (the load command's thread): a {@link LoadRun} deploys its customers,
   * and a deployment made from a verticle's context becomes that verticle's child (measured: starting the second
   * probe from the first one's completion failed with "Could not be added as child of parent deployment").
   *
   * @param load the run to come: its workload, customers in flight, timeouts and retries are the probe's too
   */
  public static Future<Double> closedLoop(Vertx vertx, BankModel model, LoadOptions load, BankRules rules,
                                          Consumer<String> status) {
    LoadOptions closed = new LoadOptions(Math.min(CUSTOMERS, load.customers()),
        Math.max(MIN_WARMUP_SECONDS, load.warmupSeconds()), SECONDS, 0, 0, load.workload(), load.operationTimeoutMs(),
        load.patienceMs(), load.retry());
    return served(vertx, model, closed, rules, status);
  }

  /** The second probe: arrivals at {@value #SATURATION} x the closed-loop {@code estimate}; the result is the capacity. */
  public static Future<Capacity> saturated(Vertx vertx, BankModel model, LoadOptions load, double estimate,
                                           BankRules rules, Consumer<String> status) {
    LoadOptions saturated = new LoadOptions(load.customers(), 3, SECONDS, 0, SATURATION * estimate, load.workload(),
        load.operationTimeoutMs(), load.patienceMs(), load.retry());
    return served(vertx, model, saturated, rules, status).map(most -> new Capacity(estimate,
        SATURATION * estimate, most, Math.max(estimate, most)));
  }

  /** Visits per second served in one probe run, whose audit must pass where the model's must. */
  private static Future<Double> served(Vertx vertx, BankModel model, LoadOptions options, BankRules rules,
                                       Consumer<String> status) {
    return new LoadRun(vertx, model, options, rules, status).execute().compose(probed -> {
      if (probed.requiredAuditFailed()) {
        return Future.failedFuture(new IllegalStateException("the audit of a capacity probe failed: "
            + probed.audit().toJson().encode()));
      }
      double served = probed.recorder().visits() / probed.measuredSeconds();
      return served > 0 ? Future.succeededFuture(served)
          : Future.failedFuture(new IllegalStateException("a capacity probe completed no visit"));
    });
  }
}
