package io.bankbus.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.messagepassing.Ledger;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuditTest {

  private static LedgerState state(Ledger... shards) {
    Map<String, Long> balances = new HashMap<>();
    List<LedgerState.Entry> journal = new ArrayList<>();
    for (Ledger l : shards) {
      balances.putAll(l.balances());
      l.journal().forEach(e -> journal.add(new LedgerState.Entry(e.opId(), e.type(), e.account(), e.delta())));
    }
    return new LedgerState(balances, journal);
  }

  @Test
  @DisplayName("an honest ledger passes, cross-shard transfer legs included")
  void honest() {
    Ledger a = new Ledger();
    Ledger b = new Ledger();
    Operation openA = Operation.open("o1", "a", 100);
    Operation openB = Operation.open("o2", "b", 0);
    Operation t = Operation.transfer("t1", "a", "b", 40);
    Operation w = Operation.withdraw("w1", "b", 10);
    Operation refused = Operation.withdraw("w2", "b", 1_000);
    a.apply(openA);
    b.apply(openB);
    a.apply(t.leg(OpType.DEBIT, "a", "b", "debit"));
    b.apply(t.leg(OpType.CREDIT, "b", "a", "credit"));
    b.apply(w);
    AuditResult r = Audit.check(0, List.of(openA, openB, t, w), List.of(refused), state(a, b));
    assertTrue(r.passed(), r.toJson().encode());
    assertEquals(90, r.actualTotal());
  }

  @Test
  @DisplayName("a change journaled but overwritten in the balance is caught as a lost update")
  void lostUpdate() {
    Ledger l = new Ledger();
    Operation open = Operation.open("o1", "a", 0);
    Operation d1 = Operation.deposit("d1", "a", 5);
    Operation d2 = Operation.deposit("d2", "a", 7);
    l.apply(open);
    l.apply(d1);
    l.apply(d2);
    LedgerState honest = state(l);
    // Two writers read 5 and both wrote their own result: the balance shows 7 + 0 instead of 12.
    Map<String, Long> overwritten = new HashMap<>(honest.balances());
    overwritten.put("a", 7L);
    AuditResult r = Audit.check(0, List.of(open, d1, d2), List.of(), new LedgerState(overwritten, honest.journal()));
    assertFalse(r.passed());
    assertEquals(12, r.expectedTotal());
    assertEquals(7, r.actualTotal());
    assertEquals(1, r.accountsOffJournal());
  }

  @Test
  @DisplayName("a duplicate application is caught even when the balance matches the journal")
  void duplicate() {
    Ledger l = new Ledger();
    Operation open = Operation.open("o1", "a", 0);
    Operation d = Operation.deposit("d1", "a", 5);
    l.apply(open);
    l.apply(d);
    LedgerState once = state(l);
    List<LedgerState.Entry> twice = new ArrayList<>(once.journal());
    twice.add(new LedgerState.Entry("d1", OpType.DEPOSIT, "a", 5));
    AuditResult r = Audit.check(0, List.of(open, d), List.of(), new LedgerState(Map.of("a", 10L), twice));
    assertFalse(r.passed());
    assertEquals(1, r.duplicateApplications());
    assertEquals(1, r.missingApplications(), "the acknowledged deposit is not there exactly once");
    assertEquals(10, r.actualTotal());
    assertEquals(5, r.expectedTotal());
  }

  /** A withdrawal the bank refused, yet applied, leaving its account negative. */
  private static AuditResult refusedWithdrawalLeftNegative() {
    LedgerState s = new LedgerState(Map.of("a", -5L),
        List.of(new LedgerState.Entry("w1", OpType.WITHDRAW, "a", -5)));
    return Audit.check(0, List.of(), List.of(Operation.withdraw("w1", "a", 5)), s);
  }

  @Test
  @DisplayName("a refused operation that changed a balance is caught")
  void refusedButApplied() {
    AuditResult r = refusedWithdrawalLeftNegative();
    assertFalse(r.passed());
    assertEquals(1, r.refusedButApplied());
  }

  @Test
  @DisplayName("a negative balance is caught")
  void negative() {
    AuditResult r = refusedWithdrawalLeftNegative();
    assertFalse(r.passed());
    assertEquals(1, r.negativeBalances());
  }

  @Test
  @DisplayName("a refused cross-shard transfer whose debit was refunded has no net effect")
  void refunded() {
    Ledger l = new Ledger();
    Operation open = Operation.open("o1", "a", 10);
    Operation t = Operation.transfer("t1", "a", "ghost", 4);
    l.apply(open);
    l.apply(t.leg(OpType.DEBIT, "a", "ghost", "debit"));
    l.apply(t.leg(OpType.CREDIT, "a", "ghost", "refund"));
    AuditResult r = Audit.check(0, List.of(open), List.of(t), state(l));
    assertTrue(r.passed(), r.toJson().encode());
  }

  @Test
  @DisplayName("write counts give the exact number of overwritten updates")
  void lostUpdatesFromVersions() {
    // Three 1-cent deposits recorded; two writers read version 2 and both wrote version 3: one overwritten.
    List<LedgerState.Entry> journal = List.of(new LedgerState.Entry("o", OpType.OPEN, "a", 0),
        new LedgerState.Entry("d1", OpType.DEPOSIT, "a", 1), new LedgerState.Entry("d2", OpType.DEPOSIT, "a", 1),
        new LedgerState.Entry("d3", OpType.DEPOSIT, "a", 1));
    LedgerState s = new LedgerState(Map.of("a", 2L), journal, Map.of("a", 3L));
    List<Operation> acked = List.of(Operation.open("o", "a", 0), Operation.deposit("d1", "a", 1),
        Operation.deposit("d2", "a", 1), Operation.deposit("d3", "a", 1));
    AuditResult r = Audit.check(0, acked, List.of(), s);
    assertFalse(r.passed());
    assertEquals(1, r.lostUpdates());
    assertEquals(3, r.expectedTotal());
    assertEquals(2, r.actualTotal());
  }

  @Test
  @DisplayName("an operation with unknown outcome is resolved by its id in the journal, never guessed")
  void unknownOutcomes() {
    Ledger l = new Ledger();
    Operation open = Operation.open("o1", "a", 0);
    Operation applied = Operation.deposit("d1", "a", 5);
    Operation lost = Operation.deposit("d2", "a", 7);
    l.apply(open);
    l.apply(applied);
    AuditResult r = Audit.check(0, List.of(open), List.of(), List.of(applied, lost), state(l));
    assertTrue(r.passed(), r.toJson().encode());
    assertEquals(5, r.expectedTotal());
  }

  /** Per account, the net change of {@code ops}, as the load process keeps it for a long run. */
  private static Map<String, Long> deltas(Operation... ops) {
    Map<String, Long> byAccount = new HashMap<>();
    for (Operation op : ops) {
      Audit.addDeltas(op, byAccount);
    }
    return byAccount;
  }

  /** What a windowed ledger reports: balances, the entries still listed, and the folded sums. */
  private static LedgerState windowed(Ledger l) {
    List<LedgerState.Entry> journal = new ArrayList<>();
    l.journal().forEach(e -> journal.add(new LedgerState.Entry(e.opId(), e.type(), e.account(), e.delta())));
    return new LedgerState(l.balances(), journal, Map.of(), l.folded());
  }

  /**
   * An honest windowed ledger that folded all but its last entry, a deposit whose outcome the customer never
   * learnt, audited in balances mode.
   */
  private static AuditResult foldedWithAnUnknownOutcome() {
    Ledger l = new Ledger(1_000);
    Operation openA = Operation.open("o1", "a", 100);
    Operation openB = Operation.open("o2", "b", 0);
    Operation t = Operation.transfer("t1", "a", "b", 40);
    Operation late = Operation.deposit("d1", "b", 5);
    l.apply(openA, 0);
    l.apply(openB, 0);
    l.apply(t, 100);
    l.apply(late, 5_000);                        // the window has folded everything before it
    LedgerState s = windowed(l);
    assertEquals(1, s.journal().size());
    return Audit.checkBalances(deltas(openA, openB, t), List.of(late), s);
  }

  @Test
  @DisplayName("in balances mode, a ledger that folded its old entries passes")
  void balancesHonest() {
    AuditResult r = foldedWithAnUnknownOutcome();
    assertTrue(r.passed(), r.toJson().encode());
    assertEquals(AuditResult.Mode.BALANCES, r.mode());
    assertEquals(null, r.toJson().getValue("lostUpdates"));
  }

  @Test
  @DisplayName("in balances mode, an operation of unknown outcome still listed in the journal counts in the expected total")
  void balancesUnknownOutcome() {
    AuditResult r = foldedWithAnUnknownOutcome();
    assertEquals(105, r.expectedTotal());
  }

  @Test
  @DisplayName("in balances mode, an operation applied twice after its id was forgotten shows as an account off")
  void balancesDuplicate() {
    Ledger l = new Ledger(1_000);
    Operation open = Operation.open("o1", "a", 100);
    Operation d = Operation.deposit("d1", "a", 7);
    l.apply(open, 0);
    l.apply(d, 10);
    assertFalse(l.apply(d, 5_000).replayed(), "a retry later than the window is applied again");
    AuditResult r = Audit.checkBalances(deltas(open, d), List.of(), windowed(l));
    assertFalse(r.passed());
    assertEquals(1, r.accountsOff());
    assertEquals(107, r.expectedTotal());
    assertEquals(114, r.actualTotal());
  }

  @Test
  @DisplayName("in balances mode, an acknowledged operation missing from the balance fails the audit, though the totals may hide it")
  void balancesLost() {
    Operation openA = Operation.open("o1", "a", 100);
    Operation openB = Operation.open("o2", "b", 100);
    Operation t = Operation.transfer("t1", "a", "b", 30);
    // the transfer was acknowledged, but the bank's balances do not show it; the total is still 200
    LedgerState s = new LedgerState(Map.of("a", 100L, "b", 100L), List.of(), Map.of(), Map.of("a", 100L, "b", 100L));
    AuditResult r = Audit.checkBalances(deltas(openA, openB, t), List.of(), s);
    assertFalse(r.passed());
    assertEquals(r.expectedTotal(), r.actualTotal());
    assertEquals(2, r.accountsOff());
  }

  @Test
  @DisplayName("in balances mode, a balance that disagrees with its folded sum and listed entries is off the journal")
  void balancesOffJournal() {
    Operation open = Operation.open("o1", "a", 100);
    LedgerState s = new LedgerState(Map.of("a", 100L), List.of(), Map.of(), Map.of("a", 90L));
    AuditResult r = Audit.checkBalances(deltas(open), List.of(), s);
    assertFalse(r.passed());
    assertEquals(1, r.accountsOffJournal());
    assertEquals(0, r.accountsOff());
  }
}
