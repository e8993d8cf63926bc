package io.bankbus.customer;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.bankbus.audit.Audit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What customers saw during one model's run, recorded from many event loops at once. Counts and latencies
 * cover only the measured phase (after warm-up); what is kept for the audit covers the whole run, since
 * the audit checks everything the bank did. Latencies are in microseconds, up to one hour.
 *
 * <p>For the audit it always keeps, per account, the net change of the acknowledged operations (memory bounded
 * by the accounts), and the operations whose outcome is unknown; the acknowledged and refused operations
 * themselves only when told to ({@code keepOperations}), since a long run would pile up millions.
 */
public final class LoadRecorder {
  private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

  private volatile boolean measuring;
  private final AtomicLong measuredSinceNanos = new AtomicLong();
  private final AtomicLong measuredUntilNanos = new AtomicLong();
  private final AtomicLong visits = new AtomicLong();
  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong bankFull = new AtomicLong();
  /** Operations that succeeded in each second since the run began, for the recovery time after a fault. */
  private final PerSecond succeededPerSecond = new PerSecond();
  /** Operations answered (succeeded or refused by a rule) in each second of the measured phase. */
  private final PerSecond answeredPerMeasuredSecond = new PerSecond();
  private final long startedNanos = System.nanoTime();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong answeredEver = new AtomicLong();
  private final AtomicLong visitsEver = new AtomicLong();
  private final AtomicLong failedEver = new AtomicLong();
  private final Histogram latency = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Histogram queueWait = new ConcurrentHistogram(MAX_MICROS, 3);
  private final Histogram service = new ConcurrentHistogram(MAX_MICROS, 3);
  private final BranchWaits branchWaits = new BranchWaits(MAX_MICROS);

  private final boolean keepOperations;
  /** Every attempt's answer, counted while a partition lasts. */
  private final AnswerTally answers = new AnswerTally();
  private final ConcurrentHashMap<String, LongAdder> acknowledgedDeltas = new ConcurrentHashMap<>();
  private final Queue<Operation> acknowledged = new ConcurrentLinkedQueue<>();
  private final Queue<Operation> refused = new ConcurrentLinkedQueue<>();
  private final Queue<Operation> unknown = new ConcurrentLinkedQueue<>();

  /** Keeping every acknowledged and refused operation. */
  public LoadRecorder() {
    this(true);
  }

  public LoadRecorder(boolean keepOperations) {
    this.keepOperations = keepOperations;
  }

  public boolean keepsOperations() {
    return keepOperations;
  }

  public AnswerTally answers() {
    return answers;
  }

  /** Warm-up is over: from now on, counts and latencies are kept. */
  public void startMeasuring() {
    measuredSinceNanos.set(System.nanoTime());
    measuring = true;
  }

  public void stopMeasuring() {
    measuring = false;
    measuredUntilNanos.set(System.nanoTime());
  }

  public boolean measuring() {
    return measuring;
  }

  public long measuredSinceNanos() {
    return measuredSinceNanos.get();
  }

  void waitingForTicket(int delta) {
    waiting.addAndGet(delta);
  }

  /** The operation was answered with success. */
  void succeeded(Operation op) {
    if (op.opId() != null) {
      if (keepOperations) {
        acknowledged.add(op);
      }
      Map<String, Long> deltas = new HashMap<>(2);
      Audit.addDeltas(op, deltas);
      deltas.forEach((account, delta) -> acknowledgedDeltas.computeIfAbsent(account, a -> new LongAdder()).add(delta));
    }
    answeredEver.incrementAndGet();
    long now = System.nanoTime();
    succeededPerSecond.add(now - startedNanos);
    if (measuring) {
      answeredPerMeasuredSecond.add(now - measuredSinceNanos.get());
      attempted.incrementAndGet();
      succeeded.incrementAndGet();
    }
  }

  /** A failed operation is tried again (with the same id). Counted over the whole run, warm-up included. */
  void retried() {
    retries.incrementAndGet();
  }

  /** Measured operations refused because the waiting room was full. */
  public long bankFull() {
    return bankFull.get();
  }

  public long retries() {
    return retries.get();
  }

  /** Seconds from the creation of this recorder (the start of the run) to {@code nanos}. */
  public double secondsOfRun(long nanos) {
    return (nanos - startedNanos) / 1e9;
  }

  /** Operations that succeeded during second {@code second} of the run. */
  public long succeededInSecond(long second) {
    return succeededPerSecond.in(second);
  }

  /**
   * Operations answered (succeeded or refused by a rule) in each whole second of the measured phase, so far or
   * until it stopped: element {@code i} covers seconds {@code [i, i + 1)} after measuring began. A last partial
   * second is left out, since its count would read as a drop in throughput.
   */
  public long[] answeredPerSecond() {
    long since = measuredSinceNanos.get();
    if (since == 0) {
      return new long[0];
    }
    long until = measuring ? System.nanoTime() : measuredUntilNanos.get();
    return answeredPerMeasuredSecond.first((int) ((until - since) / 1_000_000_000L));
  }

  /** As {@link #notSucceeded(Operation, BankError, int)} for an operation tried once. */
  void notSucceeded(Operation op, BankError error) {
    notSucceeded(op, error, 1);
  }

  /**
   * The operation was refused, or failed and its outcome is unknown; {@code attempts}: how often it was sent. A
   * bank rule's refusal (codes below 300) is final whenever it comes: the bank answers a repeat of an applied id
   * with its first outcome, never with a refusal. "Not done" from the queue (the bank full, a visit or ticket
   * gone) says only that this attempt was not carried out: after an earlier attempt, the outcome is unknown
   * (measured: a transfer applied by its first attempt was counted refused after its retry found the bank full).
   */
  void notSucceeded(Operation op, BankError error, int attempts) {
    boolean rule = error.code() < 300
        || attempts <= 1 && (!error.retryable() || error == BankError.BANK_FULL);
    if (op.opId() != null && (!rule || keepOperations)) {
      (rule ? refused : unknown).add(op);
    }
    (rule ? answeredEver : failedEver).incrementAndGet();
    if (measuring) {
      if (rule) {
        answeredPerMeasuredSecond.add(System.nanoTime() - measuredSinceNanos.get());
      }
      if (error == BankError.BANK_FULL) {
        bankFull.incrementAndGet();
      }
      attempted.incrementAndGet();
      (rule ? rejected : failed).incrementAndGet();
    }
  }

  /** The operation was never sent (the customers' own limit on visits in flight): a failure with no unknown. */
  void notSent(Operation op) {
    failedEver.incrementAndGet();
    if (measuring) {
      attempted.incrementAndGet();
      failed.incrementAndGet();
    }
  }

  /**
   * A visit ended; times in nanoseconds, the wait and service as measured by the bank in milliseconds;
   * {@code branch} gave out the ticket, and {@code cashier} (an address) called it.
   */
  void visit(long latencyNanos, double queueWaitMs, double serviceMs, String branch, String cashier) {
    visitsEver.incrementAndGet();
    if (!measuring) {
      return;
    }
    visits.incrementAndGet();
    latency.recordValue(Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
    long waitMicros = Math.min(MAX_MICROS, Math.round(queueWaitMs * 1000));
    queueWait.recordValue(waitMicros);
    branchWaits.record(branch, cashier, waitMicros);
    service.recordValue(Math.min(MAX_MICROS, Math.round(serviceMs * 1000)));
  }

  /** Since the start, warm-up included: operations answered (succeeded or refused), for the status line. */
  public long answeredEver() {
    return answeredEver.get();
  }

  public long visitsEver() {
    return visitsEver.get();
  }

  public long failedEver() {
    return failedEver.get();
  }

  public long visits() {
    return visits.get();
  }

  public long attempted() {
    return attempted.get();
  }

  public long succeeded() {
    return succeeded.get();
  }

  public long rejected() {
    return rejected.get();
  }

  public long failed() {
    return failed.get();
  }

  public int waiting() {
    return waiting.get();
  }

  public Histogram latency() {
    return latency;
  }

  public Histogram queueWait() {
    return queueWait;
  }

  public Histogram service() {
    return service;
  }

  /** Measured visits whose ticket {@code branch} gave out and a cashier of another branch called. */
  public long calledElsewhere(String branch) {
    return branchWaits.calledElsewhere(branch);
  }

  /** Measured queue waits per branch that gave out the ticket, by branch id (sorted). */
  public Map<String, Histogram> queueWaitByBranch() {
    return branchWaits.byBranch();
  }

  /** Per account, the net change of every acknowledged operation so far (openings included). */
  public Map<String, Long> acknowledgedDeltas() {
    Map<String, Long> copy = new HashMap<>();
    acknowledgedDeltas.forEach((account, sum) -> copy.put(account, sum.sum()));
    return copy;
  }

  /** Empty unless operations are kept. */
  public List<Operation> acknowledged() {
    return new ArrayList<>(acknowledged);
  }

  /** Empty unless operations are kept. */
  public List<Operation> refused() {
    return new ArrayList<>(refused);
  }

  public List<Operation> unknown() {
    return new ArrayList<>(unknown);
  }
}
