package io.bankbus.customer;

import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** A run's first step: its accounts opened by a few customers, each in one visit, each opening recorded. */
final class AccountOpening {
  private static final int OPENERS = 8;

  private AccountOpening() {
  }

  static Future<Void> open(Vertx vertx, BankModel model, LoadOptions options, String runTag, LoadRecorder recorder) {
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
}
