package io.bankbus.customer;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network partition while a run is measured: {@code cutAfter} seconds into it the network is cut, {@code
 * healAfter} seconds after the cut it is joined again; in between every answer a customer gets is counted
 * ({@link AnswerTally}). After the heal the run waits until the bank is whole again (every node a member, no
 * data migrating) before it is audited, so the audit sees what the merge kept. The load's customers stay on one
 * side of the cut (scripts/hosts.sh keeps them with the majority): the other side is seen only as silence.
 */
public final class PartitionPlan {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionPlan.class);
  private static final int BASELINE_SECONDS = 5;
  private static final double FULL_SERVICE = 0.8;
  private static final long WHOLE_POLL_MS = 250;
  /** After the cut, answers already on their way may still be given: counted from this much later. */
  static final long GRACE_MS = 1_000;
  private static final long ASK_TIMEOUT_MS = 5_000;
  /** How long the nodes cut off are asked what they answered, after the bank is whole again. */
  private static final long ASK_FOR_MS = 30_000;

  /** How a run cuts and heals the network between the bank's hosts; each call blocks, on a worker thread. */
  public interface Network {
    /** Cuts the network; returns who is on which side, one line. */
    String cut() throws Exception;

    /** Joins it again; returns what was done, one line. */
    String heal() throws Exception;

    /** Whether every bank node is a member of one cluster again and no data is migrating. */
    boolean whole() throws Exception;

    /** The cluster ids of the bank's nodes this process sees as members now. */
    Collection<String> nodes();
  }

  /**
   * What the partition did: when it began and ended (seconds into the measured phase; NaN if it did not), the
   * sides, every answer customers got while apart, and, counted from the heal, when the bank was whole again and
   * when throughput was back to 80 % of what it was before the cut ({@code null}: not within the run);
   * {@code unavailableSeconds}: whole seconds of the measured phase, from the cut on, in which no operation of
   * a customer succeeded. {@code failure} says why a cut or heal could not be done, or is {@code null}.
   * {@code apartNodes}: the bank's nodes this process (with the majority) lost sight of while apart;
   * {@code ledgerAnsweredApart}: message passing only, what their shard owners answered with an outcome from 1 s
   * after the cut to the heal, by their own count ({@code null}: not message passing, or a node did not say).
   */
  public record Outcome(double cutAtSeconds, double healAtSeconds, String sides, Map<String, Long> answersWhileApart,
                        Double wholeAfterSeconds, Double fullServiceAfterSeconds, int unavailableSeconds,
                        List<String> apartNodes, Long ledgerAnsweredApart, String failure) {
  }

  private final Vertx vertx;
  private final String model;
  private final LoadRecorder recorder;
  private final double cutAfter;
  private final double healAfter;
  private final Network network;
  private final Promise<Void> whole = Promise.promise();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private volatile long cutNanos;
  private volatile long healNanos;
  private volatile long wholeNanos;
  private volatile String sides;
  private volatile long cutWallMs;
  private volatile long healWallMs;
  private volatile Set<String> before = Set.of();
  private volatile List<String> apart = List.of();
  private volatile Long answeredApart;

  PartitionPlan(Vertx vertx, String model, LoadRecorder recorder, double cutAfter, double healAfter, Network network) {
    this.vertx = vertx;
    this.model = model;
    this.recorder = recorder;
    this.cutAfter = cutAfter;
    this.healAfter = healAfter;
    this.network = network;
  }

  /** Call when measuring begins: the cut comes {@code cutAfter} later. */
  void arm() {
    vertx.setTimer(Math.max(1, Math.round(cutAfter * 1000)), t -> cut());
  }

  private void cut() {
    long at = System.nanoTime();
    before = Set.copyOf(network.nodes());
    cutWallMs = System.currentTimeMillis();
    vertx.executeBlocking(network::cut).onComplete(done -> {
      if (done.failed()) {
        fail("could not cut the network: " + done.cause().getMessage());
        return;
      }
      cutNanos = at;
      sides = done.result();
      recorder.answers().open();
      LOG.info("{}: partition: {}", model, sides);
      vertx.setTimer(Math.max(1, Math.round(healAfter * 1000)), t -> heal());
    });
  }

  private void heal() {
    long at = System.nanoTime();
    Set<String> during = Set.copyOf(network.nodes());
    apart = before.stream().filter(node -> !during.contains(node)).sorted().toList();
    healWallMs = System.currentTimeMillis();
    vertx.executeBlocking(network::heal).onComplete(done -> {
      recorder.answers().close();
      if (done.failed()) {
        fail("could not heal the network: " + done.cause().getMessage());
        return;
      }
      healNanos = at;
      LOG.info("{}: heal: {}", model, done.result());
      pollWhole();
    });
  }

  private void pollWhole() {
    vertx.executeBlocking(network::whole).onComplete(asked -> {
      if (asked.succeeded() && asked.result()) {
        wholeNanos = System.nanoTime();
        LOG.info("{}: the bank is whole again, {} s after the heal", model, round((wholeNanos - healNanos) / 1e9));
        askApart().onComplete(told -> whole.tryComplete());
      } else if (!whole.future().isComplete()) {
        vertx.setTimer(WHOLE_POLL_MS, t -> pollWhole());
      }
    });
  }

  /**
   * Message passing: asks each node that was cut off what its shard owners answered while apart. An owner on the
   * minority side must answer nothing (docs/partitions.md); this is its own count, read once the bank is whole.
   */
  private Future<Void> askApart() {
    if (!BankModel.MESSAGE_PASSING.wire().equals(model) || apart.isEmpty()) {
      return Future.succeededFuture();
    }
    long from = cutWallMs + GRACE_MS;
    long deadline = System.nanoTime() + ASK_FOR_MS * 1_000_000;
    List<Future<Long>> asked = new ArrayList<>();
    for (String node : apart) {
      asked.add(ask(node, deadline).map(reply -> within(reply.getJsonArray("seconds"), from, healWallMs)));
    }
    return Future.all(asked).map(all -> {
      answeredApart = asked.stream().mapToLong(Future::result).sum();
      LOG.info("{}: the shard owners of the nodes cut off ({}) answered {} operations while apart", model, apart,
          answeredApart);
      return (Void) null;
    }).recover(failure -> {
      LOG.warn("{}: could not learn what the nodes cut off answered while apart: {}", model, failure.getMessage());
      return Future.succeededFuture();
    });
  }

  /**
   * Asks {@code node} for its answers, again every {@value #WHOLE_POLL_MS} ms until {@code deadline}: a node that
   * has just merged back republishes its addresses a moment after the cluster looks whole ("no handlers" until then).
   */
  private Future<JsonObject> ask(String node, long deadline) {
    return vertx.eventBus().<JsonObject>request(Addresses.ledgerAnswers(node), new JsonObject(),
        new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS)).map(reply -> reply.body()).recover(failure -> {
          if (System.nanoTime() > deadline) {
            return Future.failedFuture(failure);
          }
          return vertx.timer(WHOLE_POLL_MS).compose(t -> ask(node, deadline));
        });
  }

  /** The count of the whole seconds {@code [startMs, startMs + 1000)} of {@code seconds} within {@code [fromMs, untilMs)}. */
  static long within(JsonArray seconds, long fromMs, long untilMs) {
    long sum = 0;
    for (int i = 0; i < seconds.size(); i++) {
      JsonArray second = seconds.getJsonArray(i);
      long start = second.getLong(0);
      if (start >= fromMs && start + 1000 <= untilMs) {
        sum += second.getLong(1);
      }
    }
    return sum;
  }

  private void fail(String why) {
    LOG.error("{}: {}", model, why);
    failures.add(why);
    whole.tryComplete();                                           // nothing to wait for: the report says why
  }

  /**
   * Completes once the bank is whole again after the heal (at once if the cut or heal failed); fails if it is not
   * within {@code timeoutMs} of measuring's end, or if the cut never came.
   */
  Future<Void> whole(long timeoutMs) {
    if (cutNanos == 0 && failures.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("the run ended before the partition came: give a"
          + " --duration longer than --partition-after plus --heal-after"));
    }
    return whole.future().timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS).recover(late ->
        Future.failedFuture(new IllegalStateException("the bank was not whole again " + timeoutMs / 1000
            + " s after the run (the heal was " + round((System.nanoTime() - healNanos) / 1e9) + " s ago)")));
  }

  Outcome outcome(long measuredUntilNanos) {
    double since = recorder.secondsOfRun(recorder.measuredSinceNanos());
    double cutAt = cutNanos == 0 ? Double.NaN : recorder.secondsOfRun(cutNanos);
    double healAt = healNanos == 0 ? Double.NaN : recorder.secondsOfRun(healNanos);
    Double full = null;
    if (healNanos != 0) {
      var back = Recovery.secondsAfter(recorder::succeededInSecond, cutAt, healAt, (long) Math.ceil(since),
          (long) Math.floor(recorder.secondsOfRun(measuredUntilNanos)), BASELINE_SECONDS, FULL_SERVICE);
      full = back.isPresent() ? back.getAsDouble() : null;
    }
    int unavailable = 0;
    long end = (long) Math.floor(recorder.secondsOfRun(measuredUntilNanos));
    for (long s = cutNanos == 0 ? end : (long) Math.ceil(cutAt); s < end; s++) {
      unavailable += recorder.succeededInSecond(s) == 0 ? 1 : 0;
    }
    return new Outcome(cutAt - since, healAt - since, sides, recorder.answers().counts(),
        wholeNanos == 0 ? null : (wholeNanos - healNanos) / 1e9, full, unavailable, apart, answeredApart,
        failures.isEmpty() ? null : String.join("; ", failures));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
