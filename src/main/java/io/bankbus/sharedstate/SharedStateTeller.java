package io.bankbus.sharedstate;

import io.bankbus.cashier.Teller;
import io.bankbus.ledger.BalanceRules;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared-state teller: read-modify-write of balances in a clustered map, under each account's cluster
 * lock ({@code shared-state}) or with no lock at all ({@code unlocked-shared-state}). Both run this same code;
 * only two steps differ, and both are marked.
 *
 * <p><b>Why the locked model also compares before it writes.</b> A Vert.x cluster lock on Hazelcast 5.3
 * (vertx-hazelcast 5.0.7) is a reentrant {@code IMap.tryLock} taken on a worker thread, and
 * {@code Lock.release()} runs {@code forceUnlock} later, on another executor. If a worker thread takes the same
 * lock again before that release has run, it re-enters (Hazelcast sees the same owner thread) and the pending
 * release then frees the lock under the new holder: two holders at once. So the locked model writes with
 * {@code replaceIfPresent(account, balanceRead, newBalance)}: if someone changed the balance since it was
 * read under "the lock", the write is refused, the breach is counted, and the change is recomputed from a
 * fresh read. The lock still does the work (breaches are rare, see README.md); the compare makes the rare
 * breach harmless. The unlocked model writes blindly with {@code put}, as naive code does, and loses updates.
 *
 * <p>Operation ids are claimed with {@code putIfAbsent} in the applied-operations map while the lock is being
 * taken, and before any balance is touched, so an id is applied at most once even by two holders at once; the
 * operation is recorded as done after the answer. A refused operation, or one whose lock timed out, gives its
 * claim back; a request for an id still being applied gets {@link BankError#IN_PROGRESS}.
 */
public final class SharedStateTeller implements Teller {
  private static final Logger LOG = LoggerFactory.getLogger(SharedStateTeller.class);
  private static final int MAX_WRITE_ATTEMPTS = 100;

  private final SharedAccounts accounts;
  private final LockGuard locks;
  private final AtomicLong breaches = new AtomicLong();

  /**
   * @param locks the account locks, or {@code null} for the unlocked model
   */
  public SharedStateTeller(SharedAccounts accounts, LockGuard locks) {
    this.accounts = accounts;
    this.locks = locks;
  }

  /** Writes refused because the balance changed under a lock we held: the lock's exclusion was broken. */
  public long exclusionBreaches() {
    return breaches.get();
  }

  @Override
  public Future<OperationResult> execute(Operation op, String correlationId) {
    Promise<Void> recorded = Promise.promise();
    return execute(op, correlationId, recorded).compose(r -> recorded.future().map(r));
  }

  /**
   * Claims the id while the lock is being taken (both are waits on the network; the balance is not touched
   * until both are had), and answers as soon as the balance is written: the "done" record follows, and
   * {@code recorded} completes when it is written. Until then a retry of the same id gets {@code IN_PROGRESS}.
   */
  @Override
  public Future<OperationResult> execute(Operation op, String correlationId, Promise<Void> recorded) {
    if (op.type() == OpType.BALANCE) {
      recorded.tryComplete();
      return existing(op.account()).map(stored -> result(op, AccountValue.decode(stored).balance(), 0, false));
    }
    Future<JsonObject> claim = accounts.claim(op);
    Future<OperationResult> applied = guarded(op, () -> claim.compose(previous -> previous == null
            ? mutate(op, correlationId)
            : Future.succeededFuture(null)))                       // someone else's claim: replayed below
        .recover(failure -> claim.transform(claimed -> {
          boolean ours = claimed.succeeded() && claimed.result() == null;
          return ours && failure instanceof BankException
              ? accounts.unclaim(op).transform(v -> Future.failedFuture(failure))
              : Future.failedFuture(failure);
        }));
    applied.onComplete(done -> {
      if (done.succeeded() && done.result() != null) {
        OperationResult r = done.result();
        accounts.done(op, r.balance(), r.toBalance()).onComplete(written -> {
          if (written.failed()) {
            LOG.warn("[{}] operation {} applied but its record could not be written", correlationId, op.opId(),
                written.cause());
          }
          recorded.tryComplete();
        });
      } else {
        recorded.tryComplete();
      }
    });
    return applied.compose(r -> r != null ? Future.succeededFuture(r) : replay(op, claim.result()));
  }

  /**
   * The critical section: only the reads and writes of the balances, as in a plain lock/get/put loop. The id
   * claim before it and the record after it need no lock (each is one atomic map operation), so they are kept
   * out of the time the account is held.
   */
  private Future<OperationResult> guarded(Operation op, Supplier<Future<OperationResult>> block) {
    if (locks == null) {
      return block.get();                                          // unlocked-shared-state: no lock
    }
    TreeSet<String> ordered = new TreeSet<>();                     // one global order: no deadlock
    ordered.add(op.account());
    if (op.to() != null) {
      ordered.add(op.to());
    }
    return locks.withLocks(List.copyOf(ordered), block);
  }

  private Future<OperationResult> replay(Operation op, JsonObject previous) {
    if (!op.toJson().equals(previous.getJsonObject("op"))) {
      return Future.failedFuture(BankError.OPERATION_ID_CONFLICT.exception("operation id '" + op.opId()
          + "' was already used for " + previous.getJsonObject("op").encode()));
    }
    if (!SharedAccounts.DONE.equals(previous.getString("state"))) {
      return Future.failedFuture(BankError.IN_PROGRESS.exception("operation '" + op.opId()
          + "' is being applied by another request"));
    }
    return Future.succeededFuture(result(op, previous.getLong("balance"), previous.getLong("toBalance"), true));
  }

  private Future<OperationResult> mutate(Operation op, String correlationId) {
    return switch (op.type()) {
      case OPEN -> accounts.open(op.account(), op.amount()).compose(existing -> existing != null
          ? Future.failedFuture(BankError.ACCOUNT_EXISTS.exception("account '" + op.account() + "' is already open"))
          : Future.succeededFuture(result(op, op.amount(), 0, false)));
      case DEPOSIT -> change(op.account(), op.amount(), correlationId, 1).map(b -> result(op, b, 0, false));
      case WITHDRAW -> change(op.account(), -op.amount(), correlationId, 1).map(b -> result(op, b, 0, false));
      case TRANSFER -> existing(op.to())                           // read once: checks it exists, feeds the credit
          .compose(toRead -> change(op.account(), -op.amount(), correlationId, 1)
              .compose(from -> write(op.to(), toRead, op.amount(), correlationId, 1)
                  .map(to -> result(op, from, to, false))
                  .recover(refused -> change(op.account(), op.amount(), correlationId, 1)   // give the debit back
                      .transform(v -> Future.failedFuture(refused)))));
      default -> Future.failedFuture(BankError.UNKNOWN_OPERATION.exception("not a customer operation: " + op.type()));
    };
  }

  /** Read, check, write; in the locked model a write refused by the compare is a detected breach, redone. */
  private Future<Long> change(String account, long delta, String correlationId, int attempt) {
    return existing(account).compose(stored -> write(account, stored, delta, correlationId, attempt));
  }

  /** Check and write {@code delta} over the value {@code stored} that was just read. */
  private Future<Long> write(String account, String stored, long delta, String correlationId, int attempt) {
    AccountValue read = AccountValue.decode(stored);
    AccountValue next = read.next(BalanceRules.next(account, read.balance(), delta));
    if (locks == null) {
      return accounts.put(account, next).map(next.balance());      // unlocked-shared-state: blind write
    }
    return accounts.replace(account, stored, next).compose(written -> {
      if (written) {
        return Future.succeededFuture(next.balance());
      }
      breaches.incrementAndGet();
      LOG.debug("[{}] balance of {} changed under its lock (attempt {}); recomputing", correlationId, account,
          attempt);
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        return Future.failedFuture(BankError.UNAVAILABLE.exception("account '" + account
            + "' kept changing under its lock; nothing was applied to it"));
      }
      return change(account, delta, correlationId, attempt + 1);
    });
  }

  private Future<String> existing(String account) {
    return accounts.value(account).compose(stored -> stored == null
        ? Future.failedFuture(BankError.UNKNOWN_ACCOUNT.exception("no account '" + account + "'"))
        : Future.succeededFuture(stored));
  }

  private static OperationResult result(Operation op, long balance, long toBalance, boolean replayed) {
    boolean transfer = op.type() == OpType.TRANSFER;
    return new OperationResult(op.type().wire(), op.opId(), op.account(), balance, transfer ? op.to() : null,
        transfer ? toBalance : 0, replayed);
  }
}
