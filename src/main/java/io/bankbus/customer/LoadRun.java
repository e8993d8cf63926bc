package io.bankbus.customer;

import io.bankbus.audit.Audit;
import io.bankbus.audit.AuditResult;
import io.bankbus.node.LedgerReader;
import io.bankbus.audit.LedgerState;
import io.bankbus.client.RetryPolicy;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's run: open the accounts, let customers in, warm up, measure, stop letting customers in, wait for
 * the last visits to end, then audit what the bank recorded. Runs on a Vert.x that has joined the bank's
 * cluster; the customers are verticles on it. Execute it from outside any verticle: deployments made from a
 * verticle's context become that verticle's children, and fail once it is undeployed. Optionally it samples
 * the heaps ({@link HeapSampling}), injects a fault ({@link FaultPlan}) or a partition ({@link PartitionPlan}).
 */
public final class LoadRun {
  private static final Logger LOG = LoggerFactory.getLogger(LoadRun.class);
  private static final long DRAIN_TIMEOUT_MS = 120_000;
  /** How long the audit waits for tellers still finishing transfers (their retries stop within the dedup window). */
  static final long FINISHING_TIMEOUT_MS = 60_000;
  /** Open and drain time a run may take beyond warm-up and measuring, for choosing the audit's mode. */
  private static final long SLACK_MS = 60_000;

  private final Vertx vertx;
  private final BankModel model;
  private final LoadOptions options;
  private final int ledgerShards;
  private final long dedupWindowMs;
  private final Consumer<String> status;
  private final String runTag;
  private final long startedMs = System.currentTimeMillis();
  private final LoadRecorder recorder;
  private final BankSideCount bankSide;
  private Future<BankSideCount.Result> bankSideCounted = Future.succeededFuture();
  private final RetryPolicy retry;
  private volatile boolean stopping;
  private volatile long measuredUntilNanos;
  /** Set by {@link #withHeapSampling}, {@link #withFault} and {@link #withPartition}, or {@code null}. */
  private HeapSampling heap;
  private Supplier<Collection<String>> bankNodes;
  private FaultPlan fault;
  private PartitionPlan partition;

  /**
   * The result of one model's run; {@code recoverySeconds} is NaN when there was no fault or no recovery;
   * {@code heap} is empty unless heap sampling was asked for; {@code arrivalsPerSecond} is the open-loop rate;
   * {@code partition} is {@code null} unless a partition was asked for.
   */
  public record Result(BankModel model, String runTag, LoadRecorder recorder, double measuredSeconds,
                       AuditResult audit, List<Fault> faults, double recoverySeconds, List<HeapTrend> heap,
                       double arrivalsPerSecond, BankSideCount.Result bankSide, PartitionPlan.Outcome partition) {
    /** Whether the audit failed where it must pass. */
    public boolean requiredAuditFailed() {
      return auditRequired(model) && !audit.passed();
    }
  }

  /** Whether a failed audit of this model fails the run: everywhere except where losing updates is the point. */
  public static boolean auditRequired(BankModel model) {
    return model != BankModel.UNLOCKED_SHARED_STATE;
  }

  /** A fault injected while measuring: seconds after measuring began, what was done, to which node. */
  public record Fault(double atSeconds, String kind, String node) {
  }

  /** Something done to the bank while it is measured, on a worker thread; returns which node it hit. */
  public interface Injection {
    String inject() throws Exception;
  }

  /**
   * @param rules the bank's rules: its ledger shards, and its dedup window, which decides how the run is audited
   *              (by operation if the whole run fits in the window, else by account balance)
   */
  public LoadRun(Vertx vertx, BankModel model, LoadOptions options, BankRules rules, Consumer<String> status) {
    this.vertx = vertx;
    this.model = model;
    this.options = options;
    this.ledgerShards = rules.ledgerShards();
    this.dedupWindowMs = rules.dedupWindowMs();
    this.status = status;
    boolean fitsWindow = options.visits() == 0
        && (options.warmupSeconds() + options.durationSeconds()) * 1000 + SLACK_MS < dedupWindowMs;
    this.recorder = new LoadRecorder(options.visits() > 0 || fitsWindow);
    this.bankSide = new BankSideCount(model);
    long span = LoadOptions.retrySpanWithin(dedupWindowMs, options.patienceMs(), options.operationTimeoutMs());
    this.retry = options.retry().withMaxSpanMs(Math.min(options.retry().maxSpanMs(), span));
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

  /**
   * Every {@code everySeconds} from the start of the run, asks every bank node (and this process) for its heap
   * after a full GC; the samples go in the result, judged from one dedup window after the start.
   *
   * @param bankNodes the cluster node ids of the bank's nodes, asked anew each time (nodes may come and go)
   */
  public LoadRun withHeapSampling(double everySeconds, Supplier<Collection<String>> bankNodes) {
    this.heap = everySeconds > 0 ? new HeapSampling(vertx, model.wire(), recorder, everySeconds, bankNodes) : null;
    return this;
  }

  /**
   * The cluster node ids of the bank's nodes: before a message-passing audit, the run waits (at most
   * {@value #FINISHING_TIMEOUT_MS} ms) until none is still finishing a transfer it answered ({@code ShardedTeller}).
   */
  public LoadRun withBankNodes(Supplier<Collection<String>> bankNodes) {
    this.bankNodes = bankNodes;
    return this;
  }

  /** Plans {@code injection} {@code atSeconds} after measuring begins; its kind ("kill") goes in the report. */
  public LoadRun withFault(double atSeconds, String kind, Injection injection) {
    this.fault = new FaultPlan(vertx, model.wire(), recorder, atSeconds, kind, injection);
    return this;
  }

  /** What the run's customers saw so far (its figures cover the measured phase only). */
  public LoadRecorder recorder() {
    return recorder;
  }

  /** Cuts the network {@code cutAfter} seconds after measuring begins, and heals it {@code healAfter} later. */
  public LoadRun withPartition(double cutAfter, double healAfter, PartitionPlan.Network network) {
    this.partition = new PartitionPlan(vertx, model.wire(), recorder, cutAfter, healAfter, network);
    return this;
  }

  public Future<Result> execute() {
    long statusTimer = vertx.setPeriodic(1_000, new StatusLine(model.wire(), recorder, () -> stopping, status)::print);
    if (heap != null) {
      heap.start(() -> stopping);
    }
    return AccountOpening.open(vertx, model, options, runTag, recorder)
        .compose(v -> bankSide.listen(vertx))
        .compose(v -> letCustomersIn())
        .compose(measured -> (partition == null ? Future.succeededFuture() : partition.whole(DRAIN_TIMEOUT_MS))
            .map(measured))
        .compose(measured -> (model != BankModel.MESSAGE_PASSING || bankNodes == null ? Future.succeededFuture()
            : FinishingTransfers.settled(vertx, model.wire(), bankNodes, FINISHING_TIMEOUT_MS)).map(measured))
        .compose(measured -> LedgerReader.read(vertx, model, ledgerShards, 30_000)
            .map(all -> all.only(account -> account.startsWith(runTag + "-")))
            // Seconds of work for a long run (every acknowledged operation against every journal entry): off the
            // event loop, which the customers' process may have only one of (FleetSpec#eventLoops).
            .compose(ledger -> vertx.executeBlocking(() -> audit(ledger), false))
            .compose(audit -> bankSideCounted.map(bank -> new Result(model, runTag, recorder, measured, audit,
                fault == null ? List.of() : fault.faults(),
                fault == null ? Double.NaN : fault.recoverySeconds(measuredUntilNanos),
                heap == null ? List.of() : heap.trends(dedupWindowMs), options.ratePerSecond(), bank,
                partition == null ? null : partition.outcome(measuredUntilNanos)))))
        .andThen(done -> {
          vertx.cancelTimer(statusTimer);
          if (heap != null) {
            heap.stop();
          }
        });
  }

  /**
   * By operation while the bank still remembers every id of the run (with a margin for clocks of other
   * machines); by account balance once the run has outlasted the window.
   */
  private AuditResult audit(LedgerState ledger) {
    boolean remembered = System.currentTimeMillis() - startedMs + 10_000 < dedupWindowMs;
    if (recorder.keepsOperations() && remembered) {
      return Audit.check(0, recorder.acknowledged(), recorder.refused(), recorder.unknown(), ledger);
    }
    LOG.debug("{}: the run outlasted the bank's dedup window of {} s: auditing per-account balances", model.wire(),
        dedupWindowMs / 1000);
    return Audit.checkBalances(recorder.acknowledgedDeltas(), recorder.unknown(), ledger);
  }

  /** Runs the customers; the result is the measured time in seconds. */
  private Future<Double> letCustomersIn() {
    List<Future<Void>> finished = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    CustomerSetup setup = new CustomerSetup(model, recorder, () -> stopping, options.operationTimeoutMs(),
        options.patienceMs(), retry);
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
      bankSide.begin();
      LOG.debug("{}: warm-up over, measuring", model.wire());
      if (fault != null) {
        fault.arm();
      }
      if (partition != null) {
        partition.arm();
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

  private void stop(Promise<Double> measured) {
    measuredUntilNanos = System.nanoTime();
    recorder.stopMeasuring();
    bankSideCounted = bankSide.end();
    stopping = true;
    measured.tryComplete((System.nanoTime() - recorder.measuredSinceNanos()) / 1e9);
  }
}
