package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LedgerTest {
  private Ledger ledger;

  @BeforeEach
  void openTwoAccounts() {
    ledger = new Ledger();
    ledger.apply(Operation.open("o1", "alice", 1_000));
    ledger.apply(Operation.open("o2", "bob", 0));
  }

  private static BankError refusal(Runnable r) {
    return assertThrows(BankException.class, r::run).error();
  }

  @Test
  @DisplayName("a deposit or a withdrawal reports the balance it leaves")
  void depositWithdraw() {
    assertEquals(1_500, ledger.apply(Operation.deposit("d1", "alice", 500)).balance());
    assertEquals(1_200, ledger.apply(Operation.withdraw("w1", "alice", 300)).balance());
    assertEquals(1_200, ledger.apply(Operation.balance("alice")).balance());
  }

  @Test
  @DisplayName("the same operation id twice applies once and replays the first result")
  void idempotent() {
    Ledger.Result first = ledger.apply(Operation.deposit("d1", "alice", 500));
    Ledger.Result again = ledger.apply(Operation.deposit("d1", "alice", 500));
    assertFalse(first.replayed());
    assertTrue(again.replayed());
    assertEquals(1_500, again.balance());
    assertEquals(1_500, ledger.balanceOf("alice"));
    assertEquals(1, ledger.journal().stream().filter(e -> e.opId().equals("d1")).count());
  }

  @Test
  @DisplayName("a reused operation id with different content is refused without changing the balance")
  void conflictingReuse() {
    ledger.apply(Operation.deposit("d1", "alice", 500));
    assertEquals(BankError.OPERATION_ID_CONFLICT, refusal(() -> ledger.apply(Operation.deposit("d1", "alice", 501))));
    assertEquals(BankError.OPERATION_ID_CONFLICT, refusal(() -> ledger.apply(Operation.withdraw("d1", "alice", 500))));
    assertEquals(1_500, ledger.balanceOf("alice"));
  }

  @Test
  @DisplayName("an overdraft is refused without changing the balance")
  void overdraft() {
    assertEquals(BankError.INSUFFICIENT_FUNDS, refusal(() -> ledger.apply(Operation.withdraw("w1", "bob", 1))));
    assertEquals(0, ledger.balanceOf("bob"));
  }

  @Test
  @DisplayName("a refused overdraft is not remembered: a later retry of its id may succeed, once")
  void overdraftForgotten() {
    refusal(() -> ledger.apply(Operation.withdraw("w1", "bob", 1)));
    ledger.apply(Operation.deposit("d1", "bob", 5));
    assertEquals(4, ledger.apply(Operation.withdraw("w1", "bob", 1)).balance());
    assertTrue(ledger.apply(Operation.withdraw("w1", "bob", 1)).replayed());
    assertEquals(4, ledger.balanceOf("bob"));
  }

  @Test
  @DisplayName("an operation on an unknown account is refused")
  void unknownAccount() {
    assertEquals(BankError.UNKNOWN_ACCOUNT, refusal(() -> ledger.apply(Operation.deposit("d1", "carol", 5))));
    assertEquals(BankError.UNKNOWN_ACCOUNT, refusal(() -> ledger.apply(Operation.balance("carol"))));
    assertEquals(Map.of("alice", 1_000L, "bob", 0L), ledger.balances());
  }

  @Test
  @DisplayName("opening an account that exists is refused")
  void existingAccount() {
    assertEquals(BankError.ACCOUNT_EXISTS, refusal(() -> ledger.apply(Operation.open("o3", "alice", 5))));
    assertEquals(Map.of("alice", 1_000L, "bob", 0L), ledger.balances());
  }

  @Test
  @DisplayName("a same-shard transfer moves money atomically or not at all")
  void transfer() {
    Ledger.Result r = ledger.apply(Operation.transfer("t1", "alice", "bob", 400));
    assertEquals(600, r.balance());
    assertEquals(400, r.toBalance());
    assertEquals(BankError.INSUFFICIENT_FUNDS, refusal(() -> ledger.apply(Operation.transfer("t2", "bob", "alice", 401))));
    assertEquals(BankError.UNKNOWN_ACCOUNT, refusal(() -> ledger.apply(Operation.transfer("t3", "alice", "carol", 1))));
    assertEquals(Map.of("alice", 600L, "bob", 400L), ledger.balances());
  }

  @Test
  @DisplayName("a balance that would overflow is refused")
  void overflow() {
    ledger.apply(Operation.deposit("d1", "bob", Long.MAX_VALUE));
    assertEquals(BankError.AMOUNT_OVER_LIMIT, refusal(() -> ledger.apply(Operation.deposit("d2", "bob", 1))));
    assertEquals(Long.MAX_VALUE, ledger.balanceOf("bob"));
  }

  @Test
  @DisplayName("transfer legs carry the counterparty, so a reused transfer id with another destination conflicts")
  void legs() {
    Operation t = Operation.transfer("t1", "alice", "bob", 100);
    ledger.apply(t.leg(OpType.DEBIT, "alice", "bob", "debit"));
    Operation other = Operation.transfer("t1", "alice", "carol", 100);
    assertEquals(BankError.OPERATION_ID_CONFLICT,
        refusal(() -> ledger.apply(other.leg(OpType.DEBIT, "alice", "carol", "debit"))));
    assertEquals(900, ledger.balanceOf("alice"));
  }

  /** A ledger with a 1 s window: "o" opened at 0 ms, "d1" deposited at 500 ms. */
  private static Ledger windowed() {
    Ledger windowed = new Ledger(1_000);
    windowed.apply(Operation.open("o", "a", 100), 0);
    windowed.apply(Operation.deposit("d1", "a", 10), 500);
    return windowed;
  }

  @Test
  @DisplayName("an id is remembered for the window, then forgotten")
  void window() {
    Ledger windowed = windowed();
    assertTrue(windowed.apply(Operation.deposit("d1", "a", 10), 1_400).replayed(), "within the window: replayed");
    windowed.forget(1_200);                                       // "o" is older than 1 s by now, "d1" is not
    assertEquals(1, windowed.rememberedIds());
    windowed.forget(2_000);
    assertEquals(0, windowed.rememberedIds());
    Ledger.Result late = windowed.apply(Operation.deposit("d1", "a", 10), 2_100);
    assertFalse(late.replayed(), "after the window the id is unknown again: customers must not retry that late");
    assertEquals(120, late.balance());
  }

  @Test
  @DisplayName("a windowed ledger's balance is its folded sum plus its journal throughout")
  void foldedPlusJournal() {
    Ledger windowed = windowed();
    windowed.apply(Operation.deposit("d1", "a", 10), 1_400);
    windowed.forget(1_200);                                       // "o" is older than 1 s by now, "d1" is not
    assertEquals(Map.of("a", 100L), windowed.folded());
    assertEquals(1, windowed.journal().size());
    windowed.forget(2_000);
    assertEquals(Map.of("a", 110L), windowed.folded());
    assertEquals(0, windowed.journal().size());
    windowed.apply(Operation.deposit("d1", "a", 10), 2_100);
    assertEquals(120, windowed.folded().get("a") + windowed.journal().stream().mapToLong(Ledger.JournalEntry::delta).sum());
  }

  @Test
  @DisplayName("a restored ledger starts from its base balances, counted as folded, with no id remembered")
  void restore() {
    Ledger restored = Ledger.restore(Map.of("a", 70L), 1_000);
    assertEquals(70, restored.balanceOf("a"));
    assertEquals(Map.of("a", 70L), restored.folded());
    Ledger.Result r = restored.apply(Operation.withdraw("w", "a", 20), 5);
    assertEquals(50, r.balance());
    assertEquals(List.of(new Ledger.JournalEntry("w", OpType.WITHDRAW, "a", -20)), r.changes());
  }

  @Test
  @DisplayName("a ledger rebuilt from its copy holds the same balances, journal, folded sums and remembered ids")
  void copyRebuildsTheSameLedger() {
    Ledger windowed = new Ledger(1_000);
    windowed.apply(Operation.open("o1", "a", 100), 0);
    windowed.apply(Operation.open("o2", "b", 0), 0);
    windowed.apply(Operation.transfer("t1", "a", "b", 30), 500);
    windowed.apply(Operation.deposit("d1", "a", 5), 1_200);           // folds the openings out of the journal

    Ledger rebuilt = Ledger.fromCopy(new io.vertx.core.json.JsonObject(windowed.copy().encode()), 1_000);

    assertEquals(windowed.balances(), rebuilt.balances());
    assertEquals(windowed.journal(), rebuilt.journal());
    assertEquals(windowed.folded(), rebuilt.folded());
    assertEquals(windowed.rememberedIds(), rebuilt.rememberedIds());
    assertTrue(rebuilt.apply(Operation.transfer("t1", "a", "b", 30), 1_300).replayed());
  }
}
