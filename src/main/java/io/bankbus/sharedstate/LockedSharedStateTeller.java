package io.bankbus.sharedstate;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code shared-state} model: each read-modify-write runs under the cluster locks of its accounts, taken in
 * one global order, and the operation is recorded done before the locks are released.
 *
 * <p><b>Why it also compares before it writes.</b> A Vert.x cluster lock on Hazelcast 5.3 (vertx-hazelcast 5.0.7)
 * is a reentrant {@code IMap.tryLock} taken on a worker thread, and {@code Lock.release()} runs
 * {@code forceUnlock} later, on another executor. If a worker thread takes the same lock again before that
 * release has run, it re-enters (Hazelcast sees the same owner thread) and the pending release then frees the
 * lock under the new holder: two holders at once ({@code scripts/lock-overlap.sh} shows it). So it writes with
 * {@code replaceIfPresent(account, valueRead, newValue)}: a balance changed since it was read under "the lock" is
 * refused, counted as a breach and recomputed from a fresh read. The lock still does the work (breaches are
 * rare); the compare makes the rare breach harmless.
 *
 * <p><b>When a node dies in the middle of an operation.</b> Its claims stay "pending", and a transfer may have
 * debited one account and not yet credited the other. Hazelcast releases the dead node's locks once the cluster
 * has declared it dead. Three rules settle what it left, and a fourth what a live node's failed attempt may have left:
 * <ol>
 *   <li>every balance write records its operation id and node in the account value ({@link AccountValue}), and
 *       the "done" record is written before the locks are released: so whoever next holds the lock of an account
 *       finds its last writer either done, or dead while holding the lock (or, in a breach of the lock, still at
 *       work). A write keeps the earlier writes of the account that may have no "done" record yet, so the trace
 *       of a dead node's write survives a writer that has not heard of the death yet ({@link WriteTraces});</li>
 *   <li>a writer that finds the last write of an account made by a node no longer in the cluster settles that
 *       operation first, holding the locks of all its accounts ({@link DeadNodeSettlement});</li>
 *   <li>a retry that finds its id pending with a dead claimant settles it the same way, and one node (the
 *       member with the smallest id, {@link Departures}) sweeps the pending claims of a node that left the
 *       cluster, for accounts that nobody writes again ({@link DeadNodeSweeperVerticle});</li>
 *   <li>an attempt of this node that fails other than by a bank rule's refusal (a write or "done" record that
 *       Hazelcast did not confirm, as when a backup dies) may have written: it is settled the same way, by this
 *       node, before it lets the locks go, or by the id's next attempt here ({@link #failedInside}).</li>
 * </ol>
 * Nothing here fences a node that is alive but cut off (docs/faults-and-locks.md).
 */
public final class LockedSharedStateTeller extends SharedStateTeller {
  private static final Logger LOG = LoggerFactory.getLogger(LockedSharedStateTeller.class);
  private static final int MAX_WRITE_ATTEMPTS = 100;

  private final LockGuard locks;
  private final DeadNodeSettlement settlement;
  private final AtomicLong breaches = new AtomicLong();
  /** Attempts running on this node, per operation id: a pending claim of ours with none running is abandoned. */
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  public LockedSharedStateTeller(SharedAccounts accounts, LockGuard locks, String nodeId,
                                 Supplier<Set<String>> members) {
    super(accounts, nodeId, members);
    this.locks = locks;
    this.settlement = new DeadNodeSettlement(accounts, locks, members, traces);
  }

  @Override
  public Future<OperationResult> execute(Operation op, String correlationId) {
    if (op.type() == OpType.BALANCE) {
      return balance(op);
    }
    attempts.merge(op.opId(), 1, Integer::sum);
    return execute(op, correlationId, true)
        .andThen(done -> attempts.computeIfPresent(op.opId(), (id, n) -> n == 1 ? null : n - 1));
  }

  private Future<OperationResult> execute(Operation op, String correlationId, boolean maySettle) {
    Future<JsonObject> claim = accounts.claim(op, nodeId);
    return claimAndApply(op, correlationId, claim).compose(r -> {
      if (r != null) {
        return Future.succeededFuture(r);
      }
      JsonObject previous = claim.result();
      if (maySettle && SharedAccounts.PENDING.equals(previous.getString("state"))) {
        String claimant = previous.getString("node");
        if (!members.get().contains(claimant)) {
          // An earlier attempt, cut short by the death of the node that ran it: settle it, then ask again.
          return guarded(accountsOf(op), () -> settlement.settle(op.opId(), Set.copyOf(accountsOf(op))))
              .compose(v -> execute(op, correlationId, false));
        }
        if (nodeId.equals(claimant) && attempts.getOrDefault(op.opId(), 0) == 1) {
          // An earlier attempt on this node that ended unsure of what it wrote, and could not settle then.
          return guarded(accountsOf(op), () -> settlement.settleOwn(op.opId(), Set.copyOf(accountsOf(op)), nodeId))
              .compose(v -> execute(op, correlationId, false));
        }
      }
      return replay(op, previous);
    });
  }

  /**
   * A refusal by a bank rule wrote nothing (a refused transfer's debit was given back): the claim goes back. Any
   * other failure (a write or "done" record Hazelcast did not confirm, a breach redone too often) may have
   * written some of the operation: giving the claim back would let the retry apply it again (seen in a chaos
   * run: a transfer applied twice, two accounts off). So, still holding the locks, it is settled from what the
   * accounts say, as a dead node's would be, and the customer is told to retry with the same id.
   */
  @Override
  Future<OperationResult> failedInside(Operation op, Throwable failure) {
    if (failure instanceof BankException refused && !refused.error().retryable()) {
      return super.failedInside(op, failure);
    }
    traces.unsure(op.opId());
    return settlement.settleOwn(op.opId(), Set.copyOf(accountsOf(op)), nodeId)
        .transform(settled -> {
          if (settled.failed()) {
            LOG.warn("operation {} failed ({}) and could not be settled yet ({}); its retry settles it", op.opId(),
                failure.getMessage(), settled.cause().getMessage());
          }
          Throwable named = ClusterRefusals.named(failure, "operation '" + op.opId() + "'");
          return Future.failedFuture(named instanceof BankException ? named : BankError.UNAVAILABLE.exception(
              "operation '" + op.opId() + "' did not complete (" + failure.getMessage() + "); retry with the same"
                  + " operation id to learn whether it was applied"));
        });
  }

  /** Settles every pending claim of the nodes in {@code gone} (rule 3). */
  public Future<Integer> sweep(Set<String> gone) {
    return settlement.sweep(gone);
  }

  /** Writes refused because the balance changed under a lock we held: the lock's exclusion was broken. */
  public long exclusionBreaches() {
    return breaches.get();
  }

  @Override
  <T> Future<T> guarded(List<String> ordered, Supplier<Future<T>> block) {
    return locks.withLocks(ordered, block);
  }

  /** The done record is written inside the critical section, before the locks are released (rule 1). */
  @Override
  Future<OperationResult> critical(Operation op, String correlationId) {
    return mutate(op, correlationId).compose(r -> record(op, r));
  }

  /** A value last written by a node that has left the cluster is settled first (rule 2). */
  @Override
  Future<Long> write(Operation op, String account, String stored, long delta, String correlationId, int attempt) {
    AccountValue read;
    try {
      read = AccountValue.decode(stored);
    } catch (BankException unreadable) {
      return Future.failedFuture(unreadable);
    }
    if (read.lastOp() != null && !read.writtenBy(op.opId()) && !nodeId.equals(read.node())
        && !members.get().contains(read.node())) {
      LOG.debug("[{}] account {} was last written by {} on node {}, which has left: settling that first",
          correlationId, account, read.lastOp(), read.node());
      return settlement.settle(read.lastOp(), Set.copyOf(accountsOf(op)))
          .compose(v -> existing(account))
          .compose(fresh -> super.write(op, account, fresh, delta, correlationId, attempt));
    }
    return super.write(op, account, stored, delta, correlationId, attempt);
  }

  /** Compare-and-set, keeping the traces of earlier writes; a refused compare is a detected breach, redone. */
  @Override
  Future<Long> store(Operation op, String account, String stored, AccountValue read, long balance, long delta,
                     String correlationId, int attempt) {
    return traces.successor(read, balance, op)
        .compose(next -> accounts.replace(account, stored, next))
        .compose(written -> written ? Future.succeededFuture(balance)
            : afterBreach(op, account, delta, correlationId, attempt));
  }

  private Future<Long> afterBreach(Operation op, String account, long delta, String correlationId, int attempt) {
    breaches.incrementAndGet();
    LOG.debug("[{}] balance of {} changed under its lock (attempt {}); recomputing", correlationId, account, attempt);
    if (attempt >= MAX_WRITE_ATTEMPTS) {
      return Future.failedFuture(BankError.UNAVAILABLE.exception("account '" + account
          + "' kept changing under its lock; nothing was applied to it"));
    }
    return change(op, account, delta, correlationId, attempt + 1);
  }
}
