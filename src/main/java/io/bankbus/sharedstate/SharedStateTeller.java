package io.bankbus.sharedstate;

import io.bankbus.cashier.Teller;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.rules.BalanceRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared-state teller: read-modify-write of balances in a clustered map, as in a plain lock/get/put loop.
 * Two variants run this code and differ in three steps only, each an abstract method here:
 * {@link LockedSharedStateTeller} ({@code shared-state}) takes each account's cluster lock around the critical
 * section, compares before it writes and records the operation done before it lets the locks go;
 * {@link UnlockedSharedStateTeller} ({@code unlocked-shared-state}) takes no lock, writes blindly with {@code put}
 * as naive code does, and loses updates.
 *
 * <p>Operation ids are claimed with {@code putIfAbsent} in the applied-operations map while the lock is being
 * taken, and before any balance is touched, so an id is applied at most once even by two holders at once. A
 * refused operation, or one whose lock timed out, gives its claim back; a request for an id still being
 * applied gets {@link BankError#IN_PROGRESS}.
 */
public abstract sealed class SharedStateTeller implements Teller
    permits LockedSharedStateTeller, UnlockedSharedStateTeller {
  private static final Logger LOG = LoggerFactory.getLogger(SharedStateTeller.class);
  protected final SharedAccounts accounts;
  protected final String nodeId;
  protected final Supplier<Set<String>> members;
  protected final WriteTraces traces;

  /**
   * @param nodeId  this node, recorded with every claim and write
   * @param members the nodes now in the cluster: a claim or write of any other node is a dead node's
   */
  SharedStateTeller(SharedAccounts accounts, String nodeId, Supplier<Set<String>> members) {
    this.accounts = accounts;
    this.nodeId = nodeId;
    this.members = members;
    this.traces = new WriteTraces(accounts, nodeId);
  }

  /** The critical section, guarded: under the accounts' locks, or (unlocked) under nothing. */
  abstract <T> Future<T> guarded(List<String> ordered, Supplier<Future<T>> block);

  /** What runs once the id is ours, inside the guard: the balance changes (locked: and the done record). */
  abstract Future<OperationResult> critical(Operation op, String correlationId);

  /** Writes {@code balance} over the value {@code stored} just read from {@code account}. */
  abstract Future<Long> store(Operation op, String account, String stored, AccountValue read, long balance,
                              long delta, String correlationId, int attempt);

  /**
   * Claims the id while the guard is being taken (both are waits on the network; the balance is not touched
   * until both are had), and gives the claim back if the operation is refused. Completes with {@code null} if
   * someone else holds the claim: the caller replays it, or settles it.
   */
  final Future<OperationResult> claimAndApply(Operation op, String correlationId, Future<JsonObject> claim) {
    AtomicBoolean entered = new AtomicBoolean();
    return guarded(accountsOf(op), () -> claim.compose(previous -> {
      if (previous != null) {
        return Future.succeededFuture(null);
      }
      entered.set(true);
      return critical(op, correlationId).recover(failure -> failedInside(op, failure));
    })).recover(failure -> claim.transform(claimed -> {
      boolean ours = claimed.succeeded() && claimed.result() == null;
      // The guard was not had (or the claim failed): nothing was written, so the claim goes back.
      return ours && !entered.get() && failure instanceof BankException
          ? accounts.unclaim(op, nodeId).transform(v -> Future.failedFuture(failure))
          : Future.failedFuture(failure);
    }));
  }

  /**
   * The critical section of {@code op}, whose claim is ours, failed; still inside the guard. Here a bank error
   * gives the claim back (the unlocked variant's naive rule); {@link LockedSharedStateTeller} settles instead
   * what a failure that is not a refusal may have written.
   */
  Future<OperationResult> failedInside(Operation op, Throwable failure) {
    return failure instanceof BankException
        ? accounts.unclaim(op, nodeId).transform(v -> Future.failedFuture(failure))
        : Future.failedFuture(failure);
  }

  /** A balance read: no claim, no lock, in either variant. */
  final Future<OperationResult> balance(Operation op) {
    return existing(op.account()).map(stored -> result(op, AccountValue.decode(stored).balance(), 0, false));
  }

  /** Writes the "done" record of an applied operation; a failure to is {@code UNAVAILABLE}, retryable. */
  final Future<OperationResult> record(Operation op, OperationResult r) {
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

  final Future<OperationResult> replay(Operation op, JsonObject previous) {
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

  final Future<OperationResult> mutate(Operation op, String correlationId) {
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
                      .transform(undone -> Future.failedFuture(undone.succeeded() ? refused : undone.cause())))));
      default -> Future.failedFuture(BankError.UNKNOWN_OPERATION.exception("not a customer operation: " + op.type()));
    };
  }

  /** Read, check, write. */
  final Future<Long> change(Operation op, String account, long delta, String correlationId, int attempt) {
    return existing(account).compose(stored -> write(op, account, stored, delta, correlationId, attempt));
  }

  /** Check and write {@code delta} over the value {@code stored} that was just read. */
  Future<Long> write(Operation op, String account, String stored, long delta, String correlationId, int attempt) {
    AccountValue read;
    long balance;
    try {
      read = AccountValue.decode(stored);
      balance = BalanceRules.next(account, read.balance(), delta);
    } catch (BankException refused) {
      return Future.failedFuture(refused);                         // a future, so the caller's recover sees it
    }
    return store(op, account, stored, read, balance, delta, correlationId, attempt);
  }

  final Future<String> existing(String account) {
    return accounts.value(account).compose(stored -> stored == null
        ? Future.failedFuture(BankError.UNKNOWN_ACCOUNT.exception("no account '" + account + "'"))
        : Future.succeededFuture(stored));
  }

  static OperationResult result(Operation op, long balance, long toBalance, boolean replayed) {
    return OperationResult.of(op, balance, toBalance, replayed);
  }
}
