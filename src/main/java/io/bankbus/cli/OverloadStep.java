package io.bankbus.cli;

import static io.bankbus.cli.CliSupport.await;

import io.bankbus.customer.CapacityProbe;
import io.bankbus.customer.LoadOptions;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.Locale;

/** {@code load --overload}: before a model's run, its capacity is measured, and the run's arrivals set from it. */
final class OverloadStep {
  private OverloadStep() {
  }

  /**
   * {@code load} with arrivals at {@code factor} times the capacity of {@code model}, measured first, and never
   * fewer than {@code load}'s own rate ({@code --rate}, 0 if not given).
   */
  static LoadOptions overloaded(Vertx vertx, BankModel model, LoadOptions load, double factor, BankRules rules,
                                StatusPrinter status, PrintWriter err) throws Exception {
    double estimate = await(CapacityProbe.closedLoop(vertx, model, load, rules, status::line),
        (long) (CapacityProbe.SECONDS + Math.max(20, load.warmupSeconds())) + 600);
    status.done();
    CapacityProbe.Capacity measured = await(CapacityProbe.saturated(vertx, model, load, estimate, rules,
        status::line), (long) (CapacityProbe.SECONDS + 3) + 600);
    status.done();
    // --rate is a floor: an estimate made while the bank still warmed up, or while the machine was busier, can be
    // half of what the bank serves minutes later, and twice that is then no overload at all.
    double arrivals = Math.max(measured.capacity() * factor, load.ratePerSecond());
    err.printf(Locale.ROOT, "%s: capacity %.1f visits/s (closed loop %.1f; saturated at %.1f arrivals/s, %.0f s each);"
        + " arrivals now at %.1f/s (%.1f x%s), at most %d visits in flight%n", model.wire(), measured.capacity(),
        measured.closedLoop(), measured.saturatedArrivals(), CapacityProbe.SECONDS, arrivals,
        arrivals / measured.capacity(), arrivals > measured.capacity() * factor ? ", the --rate floor" : "",
        load.customers());
    err.flush();
    return new LoadOptions(load.customers(), load.warmupSeconds(), load.durationSeconds(), load.visits(), arrivals,
        load.workload(), load.operationTimeoutMs(), load.patienceMs(), load.retry());
  }
}
