package io.bankbus.customer;

import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.OperationResult;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** A run's first step: its accounts opened by a few customers, each in one visit, each opening recorded. */
final class AccountOpening {
  private static final int OPENERS = 8;
  /** Tries of one opening, pausing 50 ms doubling to 1 s between them: about 15 s in all. */
  private static final int OPEN_TRIES = 20;

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
          chain = chain.compose(v -> opened(vertx, visit, open, 0).map(r -> {
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

  /**
   * Opens one account, again (the same operation id: applied once) while the bank answers that something behind
   * the cashier is unavailable for a moment: a bank just started may still be filling its shards' followers.
   */
  private static Future<OperationResult> opened(Vertx vertx, BankClient.Visit visit, Operation open, int tried) {
    return visit.execute(open).recover(failure -> {
      if (tried >= OPEN_TRIES || !BankError.of(failure).retryable()) {
        return Future.failedFuture(failure);
      }
      return vertx.timer(Math.min(1_000, 50L << Math.min(tried, 5))).compose(t -> opened(vertx, visit, open, tried + 1));
    });
  }
}
