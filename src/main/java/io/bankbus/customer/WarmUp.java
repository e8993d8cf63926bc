package io.bankbus.customer;

import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The load's one unmeasured warm-up: every model in turn, a few seconds each, before the first is measured, so
 * that every JVM (each bank node and the customers' process) has compiled every model's code paths, and the
 * shared ones (event bus, Hazelcast, the queue), before any of them is measured. Without it the first model
 * measured pays the JIT's warm-up and the later ones profit. One model at a time, not all at once: together they
 * share the CPU and each served a fraction of its own rate (a tenth to a fifth, measured: see
 * docs/load-and-report.md), too little to warm up. Each model's warm-up is a full {@link LoadRun} on accounts of
 * its own, audited like any other: a bank that loses money while warming up has still lost it.
 */
public final class WarmUp {
  private WarmUp() {
  }

  /**
   * Runs {@code model} for {@code seconds}, closed loop, with the customers, workload, patience and retries of
   * {@code options} (at most {@link CapacityProbe#CUSTOMERS} customers: enough to fill every code path, without a
   * soak's thousands); one status line a second. Execute it from outside any verticle, as a {@link LoadRun}, each
   * model after the last one's result: a run started from a callback of another would deploy its customers as
   * children of that one's verticles.
   */
  public static Future<LoadRun.Result> run(Vertx vertx, BankModel model, LoadOptions options, double seconds,
                                           BankRules rules, Consumer<String> status) {
    return run(vertx, model, options, seconds, rules, status, null);
  }

  /**
   * The same, with a rehearsal: {@code rehearsal} (a node killed) halfway through, so that every surviving JVM
   * has been through a takeover, and compiled its paths, before a kill is measured. The JIT compiles what it has
   * seen; the first takeover a JVM ever serves runs on code compiled for a bank that never lost a node, and pays
   * for the recompiling (measured: 130-175 deoptimisations a survivor in the 4 s after a kill, 1-5 before). The
   * result's faults and recovery say what the rehearsal cost. {@code null}: none.
   */
  public static Future<LoadRun.Result> run(Vertx vertx, BankModel model, LoadOptions options, double seconds,
                                           BankRules rules, Consumer<String> status, LoadRun.Injection rehearsal) {
    LoadOptions warm = new LoadOptions(Math.min(options.customers(), CapacityProbe.CUSTOMERS), 0, seconds, 0, 0,
        options.workload(), options.operationTimeoutMs(), options.patienceMs(), options.retry());
    LoadRun run = new LoadRun(vertx, model, warm, rules, line -> { });
    if (rehearsal != null) {
      run.withFault(seconds / 2, "kill", rehearsal);
    }
    long start = System.nanoTime();
    long[] last = {0};
    long timer = vertx.setPeriodic(1_000, id -> {
      long answered = run.recorder().answeredEver();
      status.accept(String.format(Locale.ROOT, "%-21s %-10s %6.1fs  visits %8d  ops/s %8d  (unmeasured, for the JIT)",
          model.wire(), "warm-up", (System.nanoTime() - start) / 1e9, run.recorder().visitsEver(), answered - last[0]));
      last[0] = answered;
    });
    return run.execute().andThen(x -> vertx.cancelTimer(timer));
  }
}
