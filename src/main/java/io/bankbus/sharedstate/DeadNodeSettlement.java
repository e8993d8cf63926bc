package io.bankbus.sharedstate;

import io.bankbus.rules.BalanceRules;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules 2 and 3 of {@link LockedSharedStateTeller}: settles what a node that left the cluster left
 * pending. A leg whose account still names the operation (last or earlier write, {@link WriteTraces}) was applied,
 * one that does not was not; a transfer with one leg applied is completed, an operation with none is un-claimed
 * (its retry applies it once), one with all is recorded done.
 */
final class DeadNodeSettlement {
  private static final Logger LOG = LoggerFactory.getLogger(DeadNodeSettlement.class);

  private final SharedAccounts accounts;
  private final LockGuard locks;
  private final Supplier<Set<String>> members;
  private final WriteTraces traces;

  DeadNodeSettlement(SharedAccounts accounts, LockGuard locks, Supplier<Set<String>> members, WriteTraces traces) {
    this.accounts = accounts;
    this.locks = locks;
    this.members = members;
    this.traces = traces;
  }

  /**
   * Settles operation {@code opId} if its claim is pending and its node has left the cluster; called holding
   * the locks of {@code held}, it takes those of the operation's other accounts.
   */
  Future<Void> settle(String opId, Set<String> held) {
    return settle(opId, held, node -> !members.get().contains(node));
  }

  /**
   * Settles operation {@code opId} of this node ({@code self}) whose attempt ended without knowing what it wrote
   * (a write Hazelcast did not confirm, a "done" record not written), exactly as a dead node's: no attempt of it
   * may be running. Called holding the locks of {@code held}.
   */
  Future<Void> settleOwn(String opId, Set<String> held, String self) {
    return settle(opId, held, self::equals);
  }

  private Future<Void> settle(String opId, Set<String> held, Predicate<String> abandonedBy) {
    return accounts.record(opId).compose(record -> {
      if (record == null || !SharedAccounts.PENDING.equals(record.getString("state"))
          || !abandonedBy.test(record.getString("node"))) {
        return Future.succeededFuture();
      }
      Operation op = Operation.fromJson(record.getJsonObject("op"), false);
      List<String> others = SharedStateTeller.accountsOf(op).stream().filter(a -> !held.contains(a)).toList();
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
        LOG.info("operation {} left pending was never applied: claim removed, a retry applies it", op.opId());
        return accounts.unclaim(op.opId(), record);
      }
      if (!transfer || (debited && credited)) {
        LOG.info("operation {} left pending was applied: recorded", op.opId());
        return traces.done(op, fromValue.balance(), transfer ? toValue.balance() : 0, true);
      }
      // Half a transfer: the dead node wrote one leg. Write the other, as that operation.
      String account = debited ? op.to() : op.account();
      String stored = debited ? to.result() : from.result();
      long delta = debited ? op.amount() : -op.amount();
      AccountValue value = debited ? toValue : fromValue;
      LOG.info("transfer {} left pending was half done: completing its {}", op.opId(), debited ? "credit" : "debit");
      return traces.successor(value, BalanceRules.next(account, value.balance(), delta), op)
          .compose(next -> accounts.replace(account, stored, next).compose(written -> written
              ? traces.done(op, debited ? fromValue.balance() : next.balance(),
                  debited ? next.balance() : toValue.balance(), true)
              : Future.failedFuture(BankError.UNAVAILABLE.exception("account '" + account + "' changed while transfer '"
                  + op.opId() + "' left pending was being completed; retry"))));
    });
  }

  /** Settles every pending claim of the nodes in {@code gone}: for accounts that nobody else writes again. */
  Future<Integer> sweep(Set<String> gone) {
    long startNanos = System.nanoTime();
    return accounts.allApplied().compose(all -> {
      List<Map.Entry<String, JsonObject>> orphans = all.entrySet().stream()
          .filter(e -> SharedAccounts.PENDING.equals(e.getValue().getString("state"))
              && gone.contains(e.getValue().getString("node")))
          .toList();
      // Every record of the dedup window is read to find the few pending: say what that cost.
      LOG.info("read {} operation records in {} ms to find {} left pending by {}", all.size(),
          (System.nanoTime() - startNanos) / 1_000_000, orphans.size(), gone);
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<String, JsonObject> orphan : orphans) {
        Operation op = Operation.fromJson(orphan.getValue().getJsonObject("op"), false);
        List<String> ordered = SharedStateTeller.accountsOf(op);
        chain = chain.compose(v -> locks.withLocks(ordered, () -> settle(orphan.getKey(), Set.copyOf(ordered)))
            .recover(failure -> {
              LOG.warn("could not settle operation {} of a dead node yet: {}", orphan.getKey(), failure.getMessage());
              return Future.succeededFuture();
            }));
      }
      return chain.map(orphans.size());
    });
  }
}
