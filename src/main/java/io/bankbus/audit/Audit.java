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
 *   <li>Each account's balance equals what acknowledged operations did to it (opening included).</li>
 * </ul>
 *
 * <p>A run longer than the bank's dedup window cannot be checked id by id: the bank has forgotten its oldest
 * ids by design, and the customers' side keeps only a sum per account ({@link #checkBalances}). There, an
 * operation applied twice, lost or half applied still shows, as an account off by its amount (only two
 * faults of exactly opposite amounts on one account would hide each other); what the journal still lists is
 * checked for duplicates, and, where the model folds what it no longer lists, balance = folded + listed.
 */
public final class Audit {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Audit.class);

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
        if (refusedApplied <= 10 && LOG.isDebugEnabled()) {
          LOG.debug("audit: operation {} was refused (or not applied once, its outcome unknown), yet the ledger lists"
              + " changes by it: {}", op.toJson().encode(), ledger.journal().stream()
              .filter(e -> baseId(e.opId()).equals(op.opId())).map(e -> e.opId() + " " + e.delta()).toList());
        }
      }
    }
    int offJournal = offJournal(ledger, journalBalances, true);
    long overwritten = 0;
    for (Map.Entry<String, Long> v : ledger.versions().entrySet()) {
      overwritten += Math.max(0, writes.getOrDefault(v.getKey(), 0L) - v.getValue());
    }
    Map<String, Long> byAccount = new HashMap<>();
    acknowledged.forEach(op -> addDeltas(op, byAccount));
    return new AuditResult(expected, actual, negative, missing, duplicates, refusedApplied, offJournal,
        missing + overwritten, accountsOff(byAccount, ledger), AuditResult.Mode.OPERATIONS);
  }

  /**
   * The audit of a run longer than the dedup window (see the class comment).
   *
   * @param acknowledgedDeltas per account, the net change of every acknowledged operation (opening included)
   * @param unknown            operations whose outcome the customer did not learn: counted if the journal still
   *                           lists them applied once; one applied but no longer listed shows as an account off
   */
  public static AuditResult checkBalances(Map<String, Long> acknowledgedDeltas, Collection<Operation> unknown,
                                          LedgerState ledger) {
    Map<String, Integer> applications = applications(ledger);
    Map<String, Long> byAccount = new HashMap<>(acknowledgedDeltas);
    for (Operation op : unknown) {
      if (appliedOnce(op, applications)) {
        addDeltas(op, byAccount);
      }
    }
    long expected = byAccount.values().stream().mapToLong(Long::longValue).sum();
    long actual = ledger.balances().values().stream().mapToLong(Long::longValue).sum();
    int negative = (int) ledger.balances().values().stream().filter(b -> b < 0).count();
    int duplicates = 0;
    for (int n : applications.values()) {
      duplicates += n - 1;
    }
    Map<String, Long> journalBalances = new HashMap<>();
    ledger.journal().forEach(e -> journalBalances.merge(e.account(), e.delta(), Long::sum));
    int offJournal = ledger.folded().isEmpty() ? 0 : offJournal(ledger, journalBalances, false);
    return new AuditResult(expected, actual, negative, 0, duplicates, 0, offJournal, 0,
        accountsOff(byAccount, ledger), AuditResult.Mode.BALANCES);
  }

  /** The net change {@code op} makes to each of its accounts, added to {@code byAccount}. */
  public static void addDeltas(Operation op, Map<String, Long> byAccount) {
    switch (op.type()) {
      case OPEN, DEPOSIT -> byAccount.merge(op.account(), op.amount(), Long::sum);
      case WITHDRAW -> byAccount.merge(op.account(), -op.amount(), Long::sum);
      case TRANSFER -> {
        byAccount.merge(op.account(), -op.amount(), Long::sum);
        byAccount.merge(op.to(), op.amount(), Long::sum);
      }
      default -> { }
    }
  }

  private static int accountsOff(Map<String, Long> expected, LedgerState ledger) {
    Set<String> accounts = new HashSet<>(ledger.balances().keySet());
    accounts.addAll(expected.keySet());
    int off = 0;
    for (String account : accounts) {
      long actual = ledger.balances().getOrDefault(account, 0L);
      long wanted = expected.getOrDefault(account, 0L);
      if (actual != wanted) {
        if (off++ < 10 && LOG.isDebugEnabled()) {
          LOG.debug("audit: account {} holds {} but acknowledged operations leave {} ({}); its listed changes: {}",
              account, actual, wanted, actual - wanted, ledger.journal().stream()
                  .filter(e -> e.account().equals(account)).map(e -> e.opId() + " " + e.delta()).toList());
        }
      }
    }
    return off;
  }

  /**
   * Accounts whose balance differs from the changes recorded for them: listed in the journal plus, where the
   * model folds older ones, their folded sum. {@code allAccounts}: also accounts the journal does not list.
   */
  private static int offJournal(LedgerState ledger, Map<String, Long> journalBalances, boolean allAccounts) {
    Set<String> accounts = new HashSet<>(journalBalances.keySet());
    accounts.addAll(ledger.folded().keySet());
    if (allAccounts) {
      accounts.addAll(ledger.balances().keySet());
    }
    int off = 0;
    for (String account : accounts) {
      long recorded = ledger.folded().getOrDefault(account, 0L) + journalBalances.getOrDefault(account, 0L);
      if (ledger.balances().getOrDefault(account, 0L).longValue() != recorded) {
        off++;
      }
    }
    return off;
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
