package io.bankbus.customer;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import java.util.List;

/** One customer visit, start to end, recorded: take a ticket, run the operations one after another, leave. */
final class VisitRunner {
  private final BankClient client;
  private final LoadRecorder recorder;
  private final long patienceMs;

  VisitRunner(BankClient client, LoadRecorder recorder, long patienceMs) {
    this.client = client;
    this.recorder = recorder;
    this.patienceMs = patienceMs;
  }

  /**
   * @param arrivalNanos when the customer arrived, or was meant to (open loop): latency counts from here, so a
   *                     slow bank cannot hide the customers it kept from arriving (coordinated omission)
   */
  private void record(Operation op, boolean succeeded, Throwable failure) {
    if (succeeded) {
      recorder.succeeded(op);
    } else {
      recorder.notSucceeded(op, BankError.of(failure));
    }
  }

  Future<Void> run(String customer, List<Operation> ops, long arrivalNanos) {
    recorder.waitingForTicket(1);
    // The first operation goes with the ticket, the last one ends the visit: two round trips less per visit.
    return client.takeTicket(customer, patienceMs, ops.get(0))
        .andThen(ticket -> recorder.waitingForTicket(-1))
        .transform(called -> {
          if (called.failed()) {
            BankError error = BankError.of(called.cause());
            ops.forEach(op -> recorder.notSucceeded(op, error));
            return Future.succeededFuture();
          }
          BankClient.Visit visit = called.result();
          Future<Void> chain = visit.first().transform(done -> {
            record(ops.get(0), done.succeeded(), done.cause());
            return Future.<Void>succeededFuture();
          });
          if (ops.size() == 1) {
            return chain.compose(v -> visit.leave()).transform(left -> visitEnded(visit, left.succeeded()
                ? left.result().serviceMs() : Double.NaN, arrivalNanos));
          }
          for (Operation op : ops.subList(1, ops.size() - 1)) {
            chain = chain.compose(v -> visit.execute(op).transform(done -> {
              record(op, done.succeeded(), done.cause());
              return Future.<Void>succeededFuture();
            }));
          }
          Operation last = ops.get(ops.size() - 1);
          return chain.compose(v -> visit.executeAndLeave(last)).transform(lastDone -> {
            record(last, lastDone.succeeded(), lastDone.cause());
            if (lastDone.succeeded()) {
              return visitEnded(visit, lastDone.result().visit().serviceMs(), arrivalNanos);
            }
            return visit.leave().transform(left -> visitEnded(visit, left.succeeded()
                ? left.result().serviceMs() : Double.NaN, arrivalNanos));
          });
        });
  }

  /** Records a visit whose end the cashier confirmed; {@code serviceMs} is NaN when it did not. */
  private Future<Void> visitEnded(BankClient.Visit visit, double serviceMs, long arrivalNanos) {
    if (!Double.isNaN(serviceMs)) {
      recorder.visit(System.nanoTime() - arrivalNanos, visit.ticket().queueWaitMs(), serviceMs);
    }
    return Future.succeededFuture();
  }
}
