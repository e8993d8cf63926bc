package io.bankbus.customer;

import io.bankbus.audit.Audit;
import io.bankbus.audit.AuditResult;
import io.bankbus.audit.LedgerReader;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's run: open the accounts, let customers in, warm up, measure, stop letting customers in, wait for
 * the last visits to end, then audit what the bank recorded. Runs on a Vert.x that has joined the bank's
 * cluster; the customers are verticles on it.
 */
public final class LoadRun {
  private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);
  private static final int OPENERS = 8;
  private static final long DRAIN_TIMEOUT_MS = 120_000;

  private final Vertx vertx;
  private final BankModel model;
  private final LoadOptions options;
  private final int ledgerShards;
  private final Consumer<String> status;
  private final String runTag;
  private final LoadRecorder recorder = new LoadRecorder();
  private volatile boolean stopping;

  /** The result of one model's run; {@code recoverySeconds} is NaN when there was no fault or no recovery. */
  public record Result(BankModel model, String runTag, LoadRecorder recorder, double measuredSeconds,
                       AuditResult audit, List<Fault> faults, double recoverySeconds) {
  }

  /** A fault injected while measuring: seconds after measuring began, what was done, to which node. */
  public record Fault(double atSeconds, String kind, String node) {
  }

  /** Something done to the bank while it is measured, on a worker thread; returns which node it hit. */
  public interface Injection {
    String inject() throws Exception;
  }

  private double faultAtSeconds = -1;
  private String faultKind;
  private Injection injection;
  private final List<Fault> faults = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile long faultNanos;
  private volatile long measuredUntilNanos;

  public LoadRun(Vertx vertx, BankModel model, LoadOptions options, int ledgerShards, Consumer<String> status) {
    this.vertx = vertx;
    this.model = model;
    this.options = options;
    this.ledgerShards = ledgerShards;
    this.status = status;
    this.runTag = shortName(model) + "-" + options.workload().seed() + "-"
        + Long.toString(System.currentTimeMillis(), 36);
  }

  static String shortName(BankModel model) {
    return switch (model) {
      case MESSAGE_PASSING -> "mp";
      case SHARED_STATE -> "ss";
      case UNLOCKED_SHARED_STATE -> "us";
    };
  }

  /** Plans {@code injection} {@code atSeconds} after measuring begins; its kind ("kill") goes in the report. */
  public LoadRun withFault(double atSeconds, String kind, Injection injection) {
    this.faultAtSeconds = atSeconds;
    this.faultKind = kind;
    this.injection = injection;
    return this;
  }

  public Future<Result> execute() {
    long statusTimer = vertx.setPeriodic(1_000, new StatusLine()::print);
    return openAccounts()
        .compose(v -> letCustomersIn())
        .compose(measured -> LedgerReader.read(vertx, model, ledgerShards, 30_000)
            .map(all -> all.only(account -> account.startsWith(runTag + "-")))
            .map(ledger -> Audit.check(0, recorder.acknowledged(), recorder.refused(), recorder.unknown(), ledger))
            .map(audit -> new Result(model, runTag, recorder, measured, audit, List.copyOf(faults), recovery())))
        .andThen(done -> vertx.cancelTimer(statusTimer));
  }

  private Future<Void> openAccounts() {
    List<Operation> opens = WorkloadGenerator.openings(options.workload(), runTag);
    BankClient client = new BankClient(vertx, model, options.operationTimeoutMs());
    List<Future<Void>> openers = new ArrayList<>();
    for (int o = 0; o < OPENERS; o++) {
      List<Operation> batch = new ArrayList<>();
      for (int i = o; i < opens.size(); i += OPENERS) {
        batch.add(opens.get(i));
      }
      openers.add(client.takeTicket("opener-" + o, options.patienceMs()).compose(visit -> {
        Future<Void> chain = Future.succeededFuture();
        for (Operation open : batch) {
          chain = chain.compose(v -> visit.execute(open).map(r -> {
            recorder.succeeded(open);
            return null;
          }));
        }
        return chain.compose(v -> visit.leave()).mapEmpty();
      }));
    }
    return Future.all(openers).<Void>mapEmpty().recover(failure -> Future.failedFuture(new IllegalStateException(
        "could not open the " + opens.size() + " accounts of the " + model.wire() + " run: " + failure.getMessage(),
        failure)));
  }

  /** Runs the customers; the result is the measured time in seconds. */
  private Future<Double> letCustomersIn() {
    List<Future<Void>> finished = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    CustomerSetup setup = new CustomerSetup(model, recorder, () -> stopping, options.operationTimeoutMs(),
        options.patienceMs(), options.retry());
    if (options.openLoop()) {
      List<WorkloadGenerator> generators = new ArrayList<>();
      for (int c = 0; c < options.customers(); c++) {
        generators.add(new WorkloadGenerator(options.workload(), runTag, c));
      }
      ArrivalsVerticle arrivals = new ArrivalsVerticle(setup, options.ratePerSecond(), options.customers(), generators);
      deployed.add(vertx.deployVerticle(arrivals));
      finished.add(arrivals.finished());
    } else {
      for (int c = 0; c < options.customers(); c++) {
        CustomerVerticle customer = new CustomerVerticle(setup, runTag + "-c" + c,
            new WorkloadGenerator(options.workload(), runTag, c));
        deployed.add(vertx.deployVerticle(customer));
        finished.add(customer.finished());
      }
    }
    Promise<Double> measured = Promise.promise();
    long warmupMs = Math.round(options.warmupSeconds() * 1000);
    Future.all(deployed).onFailure(measured::tryFail).onSuccess(all -> vertx.setTimer(Math.max(1, warmupMs), w -> {
      recorder.startMeasuring();
      LOG.debug("{}: warm-up over, measuring", model.wire());
      if (injection != null) {
        vertx.setTimer(Math.max(1, Math.round(faultAtSeconds * 1000)), f -> inject());
      }
      if (options.visits() > 0) {
        long check = vertx.setPeriodic(50, id -> {
          if (recorder.visits() >= options.visits()) {
            vertx.cancelTimer(id);
            stop(measured);
          }
        });
        measured.future().onComplete(x -> vertx.cancelTimer(check));
      } else {
        vertx.setTimer(Math.round(options.durationSeconds() * 1000), d -> stop(measured));
      }
    }));
    return measured.future().compose(seconds -> Future.all(finished)
        .timeout(DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(new IllegalStateException("the last visits of the " + model.wire()
            + " run did not end within " + DRAIN_TIMEOUT_MS / 1000 + " s")))
        .compose(all -> Future.all(deployed.stream().map(d -> vertx.undeploy(d.result())).toList()))
        .map(seconds));
  }

  private void inject() {
    long at = System.nanoTime();
    vertx.executeBlocking(injection::inject).onComplete(done -> {
      if (done.succeeded()) {
        faultNanos = at;
        faults.add(new Fault((at - recorder.measuredSinceNanos()) / 1e9, faultKind, done.result()));
        LOG.info("{}: {} {}", model.wire(), faultKind, done.result());
      } else {
        LOG.error("{}: could not {} a node: {}", model.wire(), faultKind, done.cause().getMessage());
      }
    });
  }

  /** Seconds from the fault until throughput was back to 80 % of what it was before; NaN if it was not. */
  private double recovery() {
    if (faults.isEmpty()) {
      return Double.NaN;
    }
    return Recovery.seconds(recorder::succeededInSecond, recorder.secondsOfRun(faultNanos),
        (long) Math.ceil(recorder.secondsOfRun(recorder.measuredSinceNanos())),
        (long) Math.floor(recorder.secondsOfRun(measuredUntilNanos)), 5, 0.8).orElse(Double.NaN);
  }

  private void stop(Promise<Double> measured) {
    measuredUntilNanos = System.nanoTime();
    recorder.stopMeasuring();
    stopping = true;
    measured.tryComplete((System.nanoTime() - recorder.measuredSinceNanos()) / 1e9);
  }

  /** One line a second: visits, answered operations per second, customers waiting for a ticket, errors. */
  private final class StatusLine {
    private final long start = System.nanoTime();
    private long lastAnswered;

    void print(long timer) {
      long answered = recorder.answeredEver();
      String phase = stopping ? "draining" : recorder.measuring() ? "measuring" : "warming up";
      status.accept(String.format("%-21s %-10s %6.1fs  visits %8d  ops/s %8d  waiting %5d  errors %d",
          model.wire(), phase, (System.nanoTime() - start) / 1e9, recorder.visitsEver(), answered - lastAnswered,
          recorder.waiting(), recorder.failedEver()));
      lastAnswered = answered;
    }
  }
}
