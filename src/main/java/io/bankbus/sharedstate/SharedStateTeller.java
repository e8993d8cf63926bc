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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
 *       {@link #successor});</li>
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
  private static final int MAX_UNRECORDED = 10_000;
  /** Other nodes' writes kept unchecked in an account value before their records are read. */
  static final int CHECK_AT = 8;

  private final SharedAccounts accounts;
  private final LockGuard locks;
  private final String nodeId;
  private final Supplier<Set<String>> members;
  private final AtomicLong breaches = new AtomicLong();
  /** This node's operations that wrote an account but whose "done" record could not be written. */
  private final Set<String> unrecorded = ConcurrentHashMap.newKeySet();
  /** Set if {@link #unrecorded} ever fills up: from then on, this node's own writes are checked like others'. */
  private volatile boolean checkOwnWrites;

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
        return guarded(accountsOf(op), () -> settle(op.opId(), Set.copyOf(accountsOf(op))))
            .compose(v -> execute(op, correlationId, Promise.promise(), false));
      }
      return replay(op, previous);
    });
  }

  private Future<OperationResult> record(Operation op, OperationResult r) {
    return done(op, r.balance(), r.toBalance(), false).map(r).recover(failure -> {
      LOG.warn("operation {} applied but its record could not be written: {}", op.opId(), failure.getMessage());
      return Future.failedFuture(BankError.UNAVAILABLE.exception("operation '" + op.opId() + "' was applied but not"
          + " recorded; retry with the same operation id"));
    });
  }

  /**
   * Records {@code op} done; if that fails, this node remembers that its write of {@code op} is unrecorded, so that
   * its own later writes keep that trace (see {@link #successor}).
   */
  private Future<Void> done(Operation op, long balance, long toBalance, boolean recovered) {
    return accounts.done(op, nodeId, balance, toBalance, recovered).onFailure(failure -> {
      if (unrecorded.size() < MAX_UNRECORDED) {
        unrecorded.add(op.opId());
      } else {
        checkOwnWrites = true;
      }
    });
  }

  private static List<String> accountsOf(Operation op) {
    TreeSet<String> ordered = new TreeSet<>();                     // one global order: no deadlock
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
   * Settles operation {@code opId} if its claim is pending and its node has left the cluster; called holding
   * the locks of {@code held}, it takes those of the operation's other accounts. See the class comment.
   */
  private Future<Void> settle(String opId, Set<String> held) {
    return accounts.record(opId).compose(record -> {
      if (record == null || !SharedAccounts.PENDING.equals(record.getString("state"))
          || members.get().contains(record.getString("node"))) {
        return Future.succeededFuture();
      }
      Operation op = Operation.fromJson(record.getJsonObject("op"), false);
      List<String> others = accountsOf(op).stream().filter(a -> !held.contains(a)).toList();
      return locks.withLocks(others, () -> settleHeld(op, record));
    });
  }

  /** Both (or the one) of {@code op}'s accounts are locked by us: finish, record or un-claim it. */
  private Future<Void> settleHeld(Operation op, JsonObject record) {
    boolean transfer = op.type() == OpType.TRANSFER;
    Future<String> from = accounts.value(op.account());
    Future<String> to = transfer ? accounts.value(op.to()) : Future.succeededFuture(null);
    return Future.all(from, to).compose(read -> {
      AccountValue fromValue = from.result() == null ? null : AccountValue.decode(from.result());
      AccountValue toValue = to.result() == null ? null : AccountValue.decode(to.result());
      boolean debited = fromValue != null && fromValue.names(op.opId());
      boolean credited = toValue != null && toValue.names(op.opId());
      if (!debited && !credited) {
        LOG.info("operation {} of a dead node was never applied: claim removed, a retry applies it", op.opId());
        return accounts.unclaim(op.opId(), record);
      }
      if (!transfer || (debited && credited)) {
        LOG.info("operation {} of a dead node was applied: recorded", op.opId());
        return done(op, fromValue.balance(), transfer ? toValue.balance() : 0, true);
      }
      // Half a transfer: the dead node wrote one leg. Write the other, as that operation.
      String account = debited ? op.to() : op.account();
      String stored = debited ? to.result() : from.result();
      long delta = debited ? op.amount() : -op.amount();
      AccountValue value = debited ? toValue : fromValue;
      LOG.info("transfer {} of a dead node was half done: completing its {}", op.opId(), debited ? "credit" : "debit");
      return successor(value, BalanceRules.next(account, value.balance(), delta), op)
          .compose(next -> accounts.replace(account, stored, next).compose(written -> written
              ? done(op, debited ? fromValue.balance() : next.balance(),
                  debited ? next.balance() : toValue.balance(), true)
              : Future.failedFuture(BankError.UNAVAILABLE.exception("account '" + account + "' changed while transfer '"
                  + op.opId() + "' of a dead node was being completed; retry"))));
    });
  }

  /** Settles every pending claim of the nodes in {@code gone}: for accounts that nobody else writes again. */
  public Future<Integer> sweep(Set<String> gone) {
    if (locks == null) {
      return Future.succeededFuture(0);
    }
    return accounts.allApplied().compose(all -> {
      List<Map.Entry<String, JsonObject>> orphans = all.entrySet().stream()
          .filter(e -> SharedAccounts.PENDING.equals(e.getValue().getString("state"))
              && gone.contains(e.getValue().getString("node")))
          .toList();
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<String, JsonObject> orphan : orphans) {
        Operation op = Operation.fromJson(orphan.getValue().getJsonObject("op"), false);
        chain = chain.compose(v -> guarded(accountsOf(op), () -> settle(orphan.getKey(), Set.copyOf(accountsOf(op))))
            .recover(failure -> {
              LOG.warn("could not settle operation {} of a dead node yet: {}", orphan.getKey(), failure.getMessage());
              return Future.succeededFuture();
            }));
      }
      return chain.map(orphans.size());
    });
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
      return settle(read.lastOp(), Set.copyOf(accountsOf(op)))
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
    return successor(read, balance, op).compose(next -> accounts.replace(account, stored, next)).compose(written -> {
      if (written) {
        return Future.succeededFuture(balance);
      }
      breaches.incrementAndGet();
      LOG.debug("[{}] balance of {} changed under its lock (attempt {}); recomputing", correlationId, account,
          attempt);
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        return Future.failedFuture(BankError.UNAVAILABLE.exception("account '" + account
            + "' kept changing under its lock; nothing was applied to it"));
      }
      return change(op, account, delta, correlationId, attempt + 1);
    });
  }

  /**
   * The value that replaces {@code read} when {@code op} writes {@code balance} (locked model, rule 1 of the class
   * comment): it names {@code op}, and keeps the writes of {@code read} that may belong to operations without a
   * "done" record, so that a settling node finds them, whoever overwrote them and whatever that node knew of deaths.
   * A write of this node is known recorded (unless remembered as unrecorded): it finished before we could hold the
   * lock, as the node-local lock admits one holder per account at a time ({@link AccountLocks}). Other nodes'
   * writes are kept unchecked, and checked (their records read, the recorded ones dropped) only once more than
   * {@value #CHECK_AT} have piled up: a read inside the critical section on every write cost a quarter of the
   * throughput of hot accounts (README.md).
   */
  private Future<AccountValue> successor(AccountValue read, long balance, Operation op) {
    List<AccountValue.Write> written = new ArrayList<>(read.earlier());
    if (read.last() != null) {
      written.add(read.last());
    }
    List<AccountValue.Write> kept = written.stream().filter(w -> !w.opId().equals(op.opId())
        && (checkOwnWrites || !nodeId.equals(w.node()) || unrecorded.contains(w.opId()))).toList();
    if (kept.size() <= CHECK_AT) {
      return Future.succeededFuture(read.next(balance, op.opId(), nodeId, kept));
    }
    List<Future<JsonObject>> records = kept.stream().map(w -> accounts.record(w.opId())).toList();
    return Future.all(records).compose(all -> {
      List<AccountValue.Write> unsettled = new ArrayList<>();
      for (int i = 0; i < kept.size(); i++) {
        JsonObject record = records.get(i).result();
        if (record != null && SharedAccounts.PENDING.equals(record.getString("state"))) {
          unsettled.add(kept.get(i));
        }
      }
      if (unsettled.size() > AccountValue.MAX_EARLIER) {
        LOG.warn("account written by {} unrecorded operations, more than {}: refusing to overwrite it",
            unsettled.size(), AccountValue.MAX_EARLIER);
        return Future.failedFuture(BankError.UNAVAILABLE.exception("the account is waiting for the operations of a"
            + " departed node to be settled; retry"));
      }
      return Future.succeededFuture(read.next(balance, op.opId(), nodeId, unsettled));
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
