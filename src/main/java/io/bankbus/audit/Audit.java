package io.bankbus.audit;

import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/**
 * Proves, from what customers were told and what the ledger holds, that no money was created, lost or
 * applied twice. Pure logic: the inputs are gathered over the event bus elsewhere.
 *
 * <ul>
 *   <li>Total: the sum of balances equals the opening total plus acknowledged openings and deposits minus
 *       acknowledged withdrawals (transfers net to zero).</li>
 *   <li>No balance is negative.</li>
 *   <li>Each acknowledged operation is in the journal exactly once (a transfer as one same-shard entry per
 *       account, or a debit leg and a credit leg); each refused operation has no net effect.</li>
 *   <li>Each balance equals the sum of its journal entries: a change recorded but not visible in the balance
 *       is a lost update. Where the model counts writes per account, {@code recorded changes - write count}
 *       is the exact number of updates that another write overwrote.</li>
 *   <li>An operation whose outcome the customer never learned (a timeout) is resolved by its id in the
 *       journal: applied exactly once, it counts as acknowledged; absent, as refused. Never by guessing.</li>
 * </ul>
 */
public final class Audit {
  private Audit() {
  }

  /**
   * @param openingTotal  sum of balances before the acknowledged operations
   * @param acknowledged  mutating operations whose customer was told they succeeded
   * @param refused       mutating operations refused by a bank rule
   * @param ledger        the state read back from the bank after in-flight work drained
   */
  public static AuditResult check(long openingTotal, Collection<Operation> acknowledged, Collection<Operation> refused,
                                  LedgerState ledger) {
    return check(openingTotal, acknowledged, refused, List.of(), ledger);
  }

  /**
   * @param unknown mutating operations whose outcome the customer did not learn (timed out, failed in transit)
   */
  public static AuditResult check(long openingTotal, Collection<Operation> acknowledged, Collection<Operation> refused,
                                  Collection<Operation> unknown, LedgerState ledger) {
    Map<String, Integer> applications = applications(ledger);
    List<Operation> applied = new ArrayList<>(acknowledged);
    List<Operation> notApplied = new ArrayList<>(refused);
    for (Operation op : unknown) {
      (appliedOnce(op, applications) ? applied : notApplied).add(op);
    }
    return audit(openingTotal, applied, notApplied, ledger, applications);
  }

  private static Map<String, Integer> applications(LedgerState ledger) {
    Map<String, Integer> applications = new HashMap<>();
    for (LedgerState.Entry e : ledger.journal()) {
      applications.merge(e.opId() + "\u0000" + e.account(), 1, Integer::sum);
    }
    return applications;
  }

  private static AuditResult audit(long openingTotal, Collection<Operation> acknowledged, Collection<Operation> refused,
                                   LedgerState ledger, Map<String, Integer> applications) {
    long expected = openingTotal;
    for (Operation op : acknowledged) {
      switch (op.type()) {
        case OPEN, DEPOSIT -> expected += op.amount();
        case WITHDRAW -> expected -= op.amount();
        default -> { }
      }
    }
    long actual = 0;
    int negative = 0;
    for (long balance : ledger.balances().values()) {
      actual += balance;
      if (balance < 0) {
        negative++;
      }
    }

    Map<String, Long> journalBalances = new HashMap<>();
    Map<String, Long> writes = new HashMap<>();
    Map<String, Long> netByBaseId = new HashMap<>();
    Set<String> baseIdsSeen = new HashSet<>();
    for (LedgerState.Entry e : ledger.journal()) {
      journalBalances.merge(e.account(), e.delta(), Long::sum);
      writes.merge(e.account(), 1L, Long::sum);
      String base = baseId(e.opId());
      baseIdsSeen.add(base);
      netByBaseId.merge(base + "\u0000" + e.account(), e.delta(), Long::sum);
    }
    int duplicates = 0;
    for (int n : applications.values()) {
      duplicates += n - 1;
    }

    int missing = 0;
    for (Operation op : acknowledged) {
      if (!appliedOnce(op, applications)) {
        missing++;
      }
    }
    int refusedApplied = 0;
    for (Operation op : refused) {
      if (baseIdsSeen.contains(op.opId()) && hasNetEffect(op, netByBaseId)) {
        refusedApplied++;
      }
    }
    int offJournal = 0;
    Set<String> accounts = new HashSet<>(ledger.balances().keySet());
    accounts.addAll(journalBalances.keySet());
    for (String account : accounts) {
      if (ledger.balances().getOrDefault(account, 0L).longValue() != journalBalances.getOrDefault(account, 0L)) {
        offJournal++;
      }
    }
    long overwritten = 0;
    for (Map.Entry<String, Long> v : ledger.versions().entrySet()) {
      overwritten += Math.max(0, writes.getOrDefault(v.getKey(), 0L) - v.getValue());
    }
    return new AuditResult(expected, actual, negative, missing, duplicates, refusedApplied, offJournal,
        missing + overwritten);
  }

  private static boolean appliedOnce(Operation op, Map<String, Integer> applications) {
    if (op.type() != OpType.TRANSFER) {
      return count(applications, op.opId(), op.account()) == 1;
    }
    boolean sameShard = count(applications, op.opId(), op.account()) == 1 && count(applications, op.opId(), op.to()) == 1;
    boolean legs = count(applications, op.opId() + "/debit", op.account()) == 1
        && count(applications, op.opId() + "/credit", op.to()) == 1
        && count(applications, op.opId() + "/refund", op.account()) == 0;
    return sameShard || legs;
  }

  private static boolean hasNetEffect(Operation op, Map<String, Long> netByBaseId) {
    if (netByBaseId.getOrDefault(op.opId() + "\u0000" + op.account(), 0L) != 0) {
      return true;
    }
    return op.to() != null && netByBaseId.getOrDefault(op.opId() + "\u0000" + op.to(), 0L) != 0;
  }

  private static int count(Map<String, Integer> applications, String opId, String account) {
    return applications.getOrDefault(opId + "\u0000" + account, 0);
  }

  private static String baseId(String opId) {
    int slash = opId.indexOf('/');
    return slash < 0 ? opId : opId.substring(0, slash);
  }
}
