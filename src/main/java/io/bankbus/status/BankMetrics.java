package io.bankbus.status;

import io.bankbus.protocol.BankModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bank's own meters on one node, per model: customers waiting, cashiers busy, queue wait and service time
 * (histograms, and a p99 over a rolling minute for the live page), operations served, audits reported. Labels
 * are only {@code model} (three values) and, for audits, {@code passed}: nothing that grows with traffic (no
 * account, operation id or reply address) becomes a label.
 *
 * <p>Meters are thread-safe; branches and cashiers write them from their own event loops or workers.
 */
public final class BankMetrics {
  private final MeterRegistry registry;
  private final Map<BankModel, ModelMeters> models = new ConcurrentHashMap<>();

  /** The meters of one model on this node. */
  public static final class ModelMeters {
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final Timer queueWait;
    private final Timer service;
    private final Counter operations;

    ModelMeters(MeterRegistry registry, BankModel model) {
      String name = model.wire();
      Gauge.builder("bankbus.waiting.customers", waiting, AtomicInteger::get).tag("model", name)
          .description("customers in this node's waiting room").register(registry);
      Gauge.builder("bankbus.cashiers.busy", busy, AtomicInteger::get).tag("model", name)
          .description("cashiers of this node serving a customer").register(registry);
      queueWait = timer(registry, "bankbus.queue.wait", name, "from ticket to call, per visit");
      service = timer(registry, "bankbus.service", name, "from call to leave, per visit");
      operations = Counter.builder("bankbus.operations").tag("model", name)
          .description("operations answered by this node's cashiers").register(registry);
    }

    private static Timer timer(MeterRegistry registry, String name, String model, String description) {
      return Timer.builder(name).tag("model", model).description(description)
          .publishPercentileHistogram()
          .publishPercentiles(0.99)
          .distributionStatisticExpiry(Duration.ofMinutes(1))
          .distributionStatisticBufferLength(6)
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofMinutes(1))
          .register(registry);
    }

    public void waiting(int count) {
      waiting.set(count);
    }

    public void busy(int delta) {
      busy.addAndGet(delta);
    }

    public void queueWaited(long nanos) {
      queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void served(long nanos) {
      service.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void operation() {
      operations.increment();
    }

    public double operationsTotal() {
      return operations.count();
    }

    /** p99 over about the last minute, in milliseconds; 0 with no visit. */
    public double queueWaitP99Ms() {
      return p99Ms(queueWait);
    }

    public double serviceP99Ms() {
      return p99Ms(service);
    }

    private static double p99Ms(Timer timer) {
      for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
        if (v.percentile() == 0.99) {
          return v.value(TimeUnit.MILLISECONDS);
        }
      }
      return 0;
    }
  }

  public BankMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Meters kept in memory only: for a node without an HTTP port, and for tests. */
  public static BankMetrics unregistered() {
    return new BankMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public ModelMeters of(BankModel model) {
    return models.computeIfAbsent(model, m -> new ModelMeters(registry, m));
  }

  /** An audit the load process reported for {@code model}. */
  public void audited(BankModel model, boolean passed) {
    Counter.builder("bankbus.audits").tag("model", model.wire()).tag("passed", Boolean.toString(passed))
        .description("audits reported by load runs").register(registry).increment();
  }
}
