package io.bankbus.sharedstate;

import io.bankbus.cashier.Teller;
import io.bankbus.rules.BalanceRules;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
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
 * taken, and before any balance is touched, so an id is applied at most once even by two holders at once. A
 * refused operation, or one whose lock timed out, gives its claim back; a request for an id still being
 * applied gets {@link BankError#IN_PROGRESS}.
 *
 * <p><b>When a node dies in the middle of an operation.</b> Its claims stay "pending", and a transfer may have
 * debited one account and not yet credited the other. Hazelcast releases the dead node's locks once the cluster
 * has declared it dead. Three rules settle what it left:
 * <ol>
 *   <li>every balance write records its operation id and node in the account value ({@link AccountValue}), and
 *       in the locked model the "done" record is written before the locks are released: so whoever next holds
 *       the lock of an account finds its last writer either done, or dead while holding the lock (or, in a
 *       breach of the lock, still at work). A write keeps the earlier writes of the account whose operations may
 *       have no "done" record yet: the trace of a dead node's write survives a writer that has not heard of the
 *       death yet (the lock service can release a dead node's locks milliseconds before another node learns of it; see
 *       {@link WriteTraces});</li>
 *   <li>a writer that finds the last write of an account made by a node no longer in the cluster settles that
 *       operation first, holding the locks of all its accounts: a leg whose account still names the operation
 *       was applied, one that does not was not; a transfer with one leg applied is completed, an operation with
 *       none is un-claimed (its retry applies it once), one with all is recorded done;</li>
 *   <li>a retry that finds its id pending with a dead claimant settles it the same way, and every node sweeps
 *       the pending claims of a node that left the cluster, for accounts that nobody writes again.</li>
 * </ol>
 * Nothing here fences a node that is alive but cut off (README.md).
 */
public final class SharedStateTeller implements Teller {
  private static final Logger LOG = LoggerFactory.getLogger(SharedStateTeller.class);
  private static final int MAX_WRITE_ATTEMPTS = 100;

  private final SharedAccounts accounts;
  private final LockGuard locks;
  private final String nodeId;
  private final Supplier<Set<String>> members;
  private final AtomicLong breaches = new AtomicLong();
  private final WriteTraces traces;
  /** {@code null} in the unlocked model, which settles nothing. */
  private final DeadNodeSettlement settlement;

  /**
   * @param locks   the account locks, or {@code null} for the unlocked model
   * @param nodeId  this node, recorded with every claim and write
   * @param members the nodes now in the cluster: a claim or write of any other node is a dead node's
   */
  public SharedStateTeller(SharedAccounts accounts, LockGuard locks, String nodeId, Supplier<Set<String>> members) {
    this.accounts = accounts;
    this.locks = locks;
    this.nodeId = nodeId;
    this.members = members;
    this.traces = new WriteTraces(accounts, nodeId);
    this.settlement = locks == null ? null : new DeadNodeSettlement(accounts, locks, members, traces);
  }

  /** Settles every pending claim of the nodes in {@code gone} (rule 3); nothing in the unlocked model. */
  public Future<Integer> sweep(Set<String> gone) {
    return settlement == null ? Future.succeededFuture(0) : settlement.sweep(gone);
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
   * until both are had). The locked model records the operation done before it lets the locks go; the unlocked
   * one answers first and records after, and {@code recorded} completes when it has.
   */
  @Override
  public Future<OperationResult> execute(Operation op, String correlationId, Promise<Void> recorded) {
    if (op.type() == OpType.BALANCE) {
      recorded.tryComplete();
      return existing(op.account()).map(stored -> result(op, AccountValue.decode(stored).balance(), 0, false));
    }
    return execute(op, correlationId, recorded, true);
  }

  private Future<OperationResult> execute(Operation op, String correlationId, Promise<Void> recorded,
                                          boolean maySettle) {
    Future<JsonObject> claim = accounts.claim(op, nodeId);
    Future<OperationResult> applied = guarded(accountsOf(op), () -> claim.compose(previous -> {
      if (previous != null) {
        return Future.succeededFuture(null);                       // someone else's claim: replayed below
      }
      Future<OperationResult> mutated = mutate(op, correlationId);
      return locks == null ? mutated : mutated.compose(r -> record(op, r));
    })).recover(failure -> claim.transform(claimed -> {
      boolean ours = claimed.succeeded() && claimed.result() == null;
      return ours && failure instanceof BankException
          ? accounts.unclaim(op, nodeId).transform(v -> Future.failedFuture(failure))
          : Future.failedFuture(failure);
    }));
    applied.onComplete(done -> {
      if (locks == null && done.succeeded() && done.result() != null) {
        record(op, done.result()).onComplete(written -> recorded.tryComplete());
      } else {
        recorded.tryComplete();
      }
    });
    return applied.compose(r -> {
      if (r != null) {
        return Future.succeededFuture(r);
      }
      JsonObject previous = claim.result();
      if (maySettle && locks != null && SharedAccounts.PENDING.equals(previous.getString("state"))
          && !members.get().contains(previous.getString("node"))) {
        // Our own earlier attempt, cut short by the death of the node that ran it: settle it, then ask again.
        return guarded(accountsOf(op), () -> settlement.settle(op.opId(), Set.copyOf(accountsOf(op))))
            .compose(v -> execute(op, correlationId, Promise.promise(), false));
      }
      return replay(op, previous);
    });
  }

  private Future<OperationResult> record(Operation op, OperationResult r) {
    return traces.done(op, r.balance(), r.toBalance(), false).map(r).recover(failure -> {
      LOG.warn("operation {} applied but its record could not be written: {}", op.opId(), failure.getMessage());
      return Future.failedFuture(BankError.UNAVAILABLE.exception("operation '" + op.opId() + "' was applied but not"
          + " recorded; retry with the same operation id"));
    });
  }

  /** The accounts of {@code op} in the one global order in which their locks are taken: no deadlock. */
  static List<String> accountsOf(Operation op) {
    TreeSet<String> ordered = new TreeSet<>();
    ordered.add(op.account());
    if (op.to() != null) {
      ordered.add(op.to());
    }
    return List.copyOf(ordered);
  }

  /**
   * The critical section: the reads and writes of the balances (and, locked, the done record), as in a plain
   * lock/get/put loop. The id claim runs while the locks are being taken.
   */
  private <T> Future<T> guarded(List<String> ordered, Supplier<Future<T>> block) {
    if (locks == null) {
      return block.get();                                          // unlocked-shared-state: no lock
    }
    return locks.withLocks(ordered, block);
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

  /**
   * The debit of a refused transfer, given back under its own name: the account must not name the transfer, or
   * a settling node would count it applied should a retry of it die before writing.
   */
  private static Operation undo(Operation op) {
    return op.leg(OpType.CREDIT, op.account(), op.to(), "undo");
  }

  private Future<OperationResult> mutate(Operation op, String correlationId) {
    return switch (op.type()) {
      case OPEN -> accounts.open(op.account(), op.amount(), op.opId(), nodeId).compose(existing -> existing != null
          ? Future.failedFuture(BankError.ACCOUNT_EXISTS.exception("account '" + op.account() + "' is already open"))
          : Future.succeededFuture(result(op, op.amount(), 0, false)));
      case DEPOSIT -> change(op, op.account(), op.amount(), correlationId, 1).map(b -> result(op, b, 0, false));
      case WITHDRAW -> change(op, op.account(), -op.amount(), correlationId, 1).map(b -> result(op, b, 0, false));
      case TRANSFER -> existing(op.to())                           // read once: checks it exists, feeds the credit
          .compose(toRead -> change(op, op.account(), -op.amount(), correlationId, 1)
              .compose(from -> write(op, op.to(), toRead, op.amount(), correlationId, 1)
                  .map(to -> result(op, from, to, false))
                  .recover(refused -> change(undo(op), op.account(), op.amount(), correlationId, 1)  // debit back
                      .transform(v -> Future.failedFuture(refused)))));
      default -> Future.failedFuture(BankError.UNKNOWN_OPERATION.exception("not a customer operation: " + op.type()));
    };
  }

  /** Read, check, write; in the locked model a write refused by the compare is a detected breach, redone. */
  private Future<Long> change(Operation op, String account, long delta, String correlationId, int attempt) {
    return existing(account).compose(stored -> write(op, account, stored, delta, correlationId, attempt));
  }

  /**
   * Check and write {@code delta} over the value {@code stored} that was just read. In the locked model, a value
   * last written by a node that has left the cluster is settled first (rule 2 of the class comment).
   */
  private Future<Long> write(Operation op, String account, String stored, long delta, String correlationId,
                             int attempt) {
    AccountValue read;
    try {
      read = AccountValue.decode(stored);
    } catch (BankException unreadable) {
      return Future.failedFuture(unreadable);
    }
    if (locks != null && read.lastOp() != null && !read.writtenBy(op.opId()) && !nodeId.equals(read.node())
        && !members.get().contains(read.node())) {
      LOG.debug("[{}] account {} was last written by {} on node {}, which has left: settling that first",
          correlationId, account, read.lastOp(), read.node());
      return settlement.settle(read.lastOp(), Set.copyOf(accountsOf(op)))
          .compose(v -> existing(account))
          .compose(fresh -> writeChecked(op, account, fresh, delta, correlationId, attempt));
    }
    return writeChecked(op, account, stored, delta, correlationId, attempt);
  }

  private Future<Long> writeChecked(Operation op, String account, String stored, long delta, String correlationId,
                                    int attempt) {
    AccountValue read;
    long balance;
    try {
      read = AccountValue.decode(stored);
      balance = BalanceRules.next(account, read.balance(), delta);
    } catch (BankException refused) {
      return Future.failedFuture(refused);                         // a future, so the caller's recover sees it
    }
    if (locks == null) {
      return accounts.put(account, read.next(balance, op.opId(), nodeId, List.of()))   // unlocked: blind write
          .map(balance);
    }
    return traces.successor(read, balance, op)
        .compose(next -> accounts.replace(account, stored, next))
        .compose(written -> written ? Future.succeededFuture(balance)
            : afterBreach(op, account, delta, correlationId, attempt));
  }

  /** The compare refused the write: the balance changed under a lock we held. Counted, and redone from a fresh read. */
  private Future<Long> afterBreach(Operation op, String account, long delta, String correlationId, int attempt) {
    breaches.incrementAndGet();
    LOG.debug("[{}] balance of {} changed under its lock (attempt {}); recomputing", correlationId, account, attempt);
    if (attempt >= MAX_WRITE_ATTEMPTS) {
      return Future.failedFuture(BankError.UNAVAILABLE.exception("account '" + account
          + "' kept changing under its lock; nothing was applied to it"));
    }
    return change(op, account, delta, correlationId, attempt + 1);
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
