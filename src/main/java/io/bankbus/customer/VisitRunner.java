package io.bankbus.customer;

import io.bankbus.client.BankClient;
import io.bankbus.client.RetryPolicy;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One customer visit, start to end, recorded: take a ticket, run the operations one after another, leave.
 * A failed operation is retried with the same operation id as {@link RetryPolicy} says: at the same cashier,
 * or, if the cashier is gone, in a new visit (new ticket, the operation handed over with it).
 */
final class VisitRunner {
  private final Vertx vertx;
  private final BankClient client;
  private final LoadRecorder recorder;
  private final long patienceMs;
  private final RetryPolicy retry;
  private final SplittableRandom random;

  VisitRunner(Vertx vertx, BankClient client, LoadRecorder recorder, long patienceMs, RetryPolicy retry) {
    this.vertx = vertx;
    this.client = client;
    this.recorder = recorder;
    this.patienceMs = patienceMs;
    this.retry = retry;
    this.random = new SplittableRandom();
  }

  /**
   * @param arrivalNanos when the customer arrived, or was meant to (open loop): latency counts from here, so a
   *                     slow bank cannot hide the customers it kept from arriving (coordinated omission)
   */
  Future<Void> run(String customer, List<Operation> ops, long arrivalNanos) {
    return new Errand(customer, ops, arrivalNanos).next();
  }

  /** One customer's list of operations, worked through visit by visit, with the current operation's attempts. */
  private final class Errand {
    private final String customer;
    private final List<Operation> ops;
    private final long arrivalNanos;
    private int index;
    private int attempt;
    private long firstAttemptNanos;
    private BankClient.Visit visit;

    Errand(String customer, List<Operation> ops, long arrivalNanos) {
      this.customer = customer;
      this.ops = ops;
      this.arrivalNanos = arrivalNanos;
    }

    Future<Void> next() {
      if (index == ops.size()) {
        if (visit == null) {
          return Future.succeededFuture();
        }
        BankClient.Visit ending = visit;
        visit = null;
        return ending.leave().transform(left -> ended(ending, left.succeeded() ? left.result().serviceMs() : Double.NaN));
      }
      Operation op = ops.get(index);
      if (++attempt == 1) {
        firstAttemptNanos = System.nanoTime();
      }
      boolean ticket = visit == null;
      return attempt(op).transform(done -> {
        recorder.answers().count(done.failed() ? done.cause() : null);
        if (done.succeeded()) {
          recorder.succeeded(op);
          return advance();
        }
        Throwable failure = done.cause();
        RetryPolicy.Action action = RetryPolicy.classify(failure);
        if (action == RetryPolicy.Action.RETRY_NEW_VISIT) {
          abandonVisit();
        }
        long delay = retry.delayMs(attempt, random);
        long retryAtMs = (System.nanoTime() - firstAttemptNanos) / 1_000_000 + delay;
        if (action != RetryPolicy.Action.GIVE_UP && retry.mayRetry(attempt, retryAtMs)) {
          recorder.retried();
          return (delay == 0 ? Future.<Void>succeededFuture() : vertx.timer(delay).<Void>mapEmpty())
              .compose(v -> next());
        }
        if (ticket && BankError.of(failure) == BankError.BANK_FULL) {
          // Turned away at the door: the rest of the errand is not done (this operation, if tried before, may be).
          recorder.notSucceeded(op, BankError.BANK_FULL, attempt);
          ops.subList(index + 1, ops.size()).forEach(o -> recorder.notSucceeded(o, BankError.BANK_FULL));
          return Future.succeededFuture();
        }
        recorder.notSucceeded(op, BankError.of(failure), attempt);
        return advance();
      });
    }

    private Future<Void> advance() {
      index++;
      attempt = 0;
      return next();
    }

    /** One try of {@code op}: with a new ticket, as the visit's last operation, or as one in between. */
    private Future<OperationResult> attempt(Operation op) {
      if (visit == null) {
        // The operation goes with the ticket: one round trip less per visit.
        recorder.waitingForTicket(1);
        return client.takeTicket(customer, patienceMs, op)
            .andThen(called -> recorder.waitingForTicket(-1))
            .compose(called -> {
              visit = called;
              // A ticket called without the operation carried out (a branch that did not get it to the cashier)
              // has no outcome: the operation is sent now, the same id, so it is applied at most once.
              Future<OperationResult> first = called.first();
              return first != null ? first : called.execute(op);
            });
      }
      if (index < ops.size() - 1) {
        return visit.execute(op);
      }
      BankClient.Visit current = visit;
      // The last operation ends the visit if it succeeds: one round trip less again.
      return current.executeAndLeave(op).map(last -> {
        visit = null;
        ended(current, last.visit().serviceMs());
        return last.result();
      });
    }

    /** The cashier is gone or has dropped us: tell it we left (if it can still hear) and start over elsewhere. */
    private void abandonVisit() {
      if (visit != null) {
        visit.leave();
        visit = null;
      }
    }

    /** Records a visit whose end the cashier confirmed; {@code serviceMs} is NaN when it did not. */
    private Future<Void> ended(BankClient.Visit ended, double serviceMs) {
      if (!Double.isNaN(serviceMs)) {
        recorder.visit(System.nanoTime() - arrivalNanos, ended.ticket().queueWaitMs(), serviceMs,
            ended.ticket().branch(), ended.ticket().cashier());
      }
      return Future.succeededFuture();
    }
  }
}
