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
    return client.takeTicket(customer, patienceMs)
        .andThen(ticket -> recorder.waitingForTicket(-1))
        .transform(called -> {
          if (called.failed()) {
            BankError error = BankError.of(called.cause());
            ops.forEach(op -> recorder.notSucceeded(op, error));
            return Future.succeededFuture();
          }
          BankClient.Visit visit = called.result();
          // All operations but the last, then the last one with "leave": one round trip less per visit.
          Future<Void> chain = Future.succeededFuture();
          for (Operation op : ops.subList(0, ops.size() - 1)) {
            chain = chain.compose(v -> visit.execute(op).transform(done -> {
              record(op, done.succeeded(), done.cause());
              return Future.<Void>succeededFuture();
            }));
          }
          Operation last = ops.get(ops.size() - 1);
          return chain.compose(v -> visit.executeAndLeave(last)).transform(lastDone -> {
            record(last, lastDone.succeeded(), lastDone.cause());
            if (lastDone.succeeded()) {
              recorder.visit(System.nanoTime() - arrivalNanos, visit.ticket().queueWaitMs(),
                  lastDone.result().visit().serviceMs());
              return Future.<Void>succeededFuture();
            }
            return visit.leave().transform(left -> {
              if (left.succeeded()) {
                recorder.visit(System.nanoTime() - arrivalNanos, visit.ticket().queueWaitMs(), left.result().serviceMs());
              }
              return Future.<Void>succeededFuture();
            });
          });
        });
  }
}
