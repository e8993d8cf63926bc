package io.bankbus.sharedstate;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule 1 of {@link LockedSharedStateTeller}: the traces that let a settling node tell whether a dead
 * node's operation was applied. Each account value names its last write and keeps the earlier writes that may
 * belong to operations without a "done" record; this node records its operations done and remembers those whose
 * record it could not write.
 */
final class WriteTraces {
  private static final Logger LOG = LoggerFactory.getLogger(WriteTraces.class);
  private static final int MAX_UNRECORDED = 10_000;
  /** Other nodes' writes kept unchecked in an account value before their records are read. */
  static final int CHECK_AT = 8;

  private final SharedAccounts accounts;
  private final String nodeId;
  /** This node's operations that wrote an account but whose "done" record could not be written. */
  private final Set<String> unrecorded = ConcurrentHashMap.newKeySet();
  /** Set if {@link #unrecorded} ever fills up: from then on, this node's own writes are checked like others'. */
  private volatile boolean checkOwnWrites;

  WriteTraces(SharedAccounts accounts, String nodeId) {
    this.accounts = accounts;
    this.nodeId = nodeId;
  }

  /**
   * The value that replaces {@code read} when {@code op} writes {@code balance}: it names {@code op}, and keeps
   * the writes of {@code read} that may belong to operations without a "done" record, so that a settling node
   * finds them, whoever overwrote them and whatever that node knew of deaths. A write of this node is known
   * recorded (unless remembered as unrecorded): it finished before we could hold the lock, as the node-local lock
   * admits one holder per account at a time ({@link AccountLocks}). Other nodes' writes are kept unchecked, and
   * checked (their records read, the recorded ones dropped) only once more than {@value #CHECK_AT} have piled up:
   * reading the last writer's record inside the critical section on every write cost 0.89x (docs/benchmarks.md).
   */
  Future<AccountValue> successor(AccountValue read, long balance, Operation op) {
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

  /** {@code opId} of this node may have written an account and has no "done" record: its traces are kept. */
  void unsure(String opId) {
    if (unrecorded.size() < MAX_UNRECORDED) {
      unrecorded.add(opId);
    } else {
      checkOwnWrites = true;
    }
  }

  /**
   * Records {@code op} done; if that fails, this node remembers that its write of {@code op} is unrecorded, so
   * that its own later writes keep that trace.
   */
  Future<Void> done(Operation op, long balance, long toBalance, boolean recovered) {
    return accounts.done(op, nodeId, balance, toBalance, recovered).onFailure(failure -> unsure(op.opId()));
  }
}
