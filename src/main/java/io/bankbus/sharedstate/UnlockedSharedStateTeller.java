package io.bankbus.sharedstate;

import io.bankbus.cashier.Teller;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code unlocked-shared-state} model: the same read-modify-write with no lock and a blind {@code put}, as
 * naive code does, so concurrent updates of one account get lost. Nothing here settles a dead node's
 * operations. It answers as soon as the balance is written and records the operation done afterwards, while
 * the customer reads the answer; {@link #forCashier()} keeps one such record outstanding per cashier.
 */
public final class UnlockedSharedStateTeller extends SharedStateTeller {

  public UnlockedSharedStateTeller(SharedAccounts accounts, String nodeId, Supplier<Set<String>> members) {
    super(accounts, nodeId, members);
  }

  /** Completes once the operation is recorded too. */
  @Override
  public Future<OperationResult> execute(Operation op, String correlationId) {
    Answer answer = answer(op, correlationId);
    return answer.result().compose(r -> answer.recorded().map(r));
  }

  /**
   * A teller for one cashier: answers before the record is written, and starts the cashier's next operation once
   * that record is, so the bookkeeping overlaps the customer's round trip and never piles up.
   */
  public Teller forCashier() {
    return new Teller() {
      private Future<Void> recording = Future.succeededFuture();

      @Override
      public Future<OperationResult> execute(Operation op, String correlationId) {
        Future<Void> previous = recording;
        Promise<Void> recorded = Promise.promise();
        recording = recorded.future();
        return afterPrevious(previous, () -> {
          Answer answer = answer(op, correlationId);
          answer.recorded().onComplete(done -> recorded.complete());
          return answer.result();
        });
      }
    };
  }

  /** The answer to a customer, and the moment the operation's done record is written (whatever the outcome). */
  private record Answer(Future<OperationResult> result, Future<Void> recorded) {
  }

  private Answer answer(Operation op, String correlationId) {
    if (op.type() == OpType.BALANCE) {
      return new Answer(balance(op), Future.succeededFuture());
    }
    Future<JsonObject> claim = accounts.claim(op, nodeId);
    Future<OperationResult> applied = claimAndApply(op, correlationId, claim);
    Future<Void> recorded = applied.transform(done -> done.succeeded() && done.result() != null
        ? record(op, done.result()).<Void>mapEmpty().otherwiseEmpty()
        : Future.succeededFuture());
    return new Answer(applied.compose(r -> r != null ? Future.succeededFuture(r) : replay(op, claim.result())),
        recorded);
  }

  /** Runs {@code next} on the caller's context once {@code previous} is complete. */
  private static Future<OperationResult> afterPrevious(Future<Void> previous, Supplier<Future<OperationResult>> next) {
    if (previous.isComplete()) {
      return next.get();
    }
    Context context = Vertx.currentContext();
    Promise<OperationResult> result = Promise.promise();
    previous.onComplete(v -> {
      Runnable run = () -> {
        try {
          next.get().onComplete(result);
        } catch (RuntimeException bug) {
          result.fail(bug);
        }
      };
      if (context == null) {
        run.run();
      } else {
        context.runOnContext(x -> run.run());
      }
    });
    return result.future();
  }

  @Override
  <T> Future<T> guarded(List<String> ordered, Supplier<Future<T>> block) {
    return block.get();                                            // no lock
  }

  @Override
  Future<OperationResult> critical(Operation op, String correlationId) {
    return mutate(op, correlationId);                              // recorded after answering
  }

  @Override
  Future<Long> store(Operation op, String account, String stored, AccountValue read, long balance, long delta,
                     String correlationId, int attempt) {
    return accounts.put(account, read.next(balance, op.opId(), nodeId, List.of())).map(balance);   // blind write
  }
}
