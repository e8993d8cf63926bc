package io.bankbus.ledger;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The account rules, with no Vert.x in sight: one instance holds the accounts of one ledger shard and is
 * used by exactly one thread at a time (its owner verticle), so it needs no locks.
 *
 * <p>Rules: balances are integer cents and never negative; a mutating operation is applied at most once per
 * operation id: the same id with the same content replays the first result, with different content it is
 * refused ({@link BankError#OPERATION_ID_CONFLICT}). A refused operation changes nothing and is not
 * remembered, so a retry after the cause is gone (funds arrived) may succeed, once.
 *
 * <p>Every application is appended to a journal; the audit reads it back to prove each id was applied
 * once. Journal and id index grow with the number of operations: fine for the bounded runs this bank is
 * measured with, and the place to add truncation for a long-lived bank.
 */
public final class Ledger {
  private final Map<String, Long> balances = new HashMap<>();
  private final Map<String, Applied> applied = new HashMap<>();
  private final List<JournalEntry> journal = new ArrayList<>();

  /** One applied operation: what it was and the balance it left (of the source account for transfers). */
  public record Applied(Operation operation, long balanceAfter, long toBalanceAfter) {
  }

  /** The result handed back to the caller; {@code replayed} means the id had been applied before. */
  public record Result(Operation operation, long balance, long toBalance, boolean replayed) {
    public OperationResult toReply() {
      boolean transfer = operation.type() == OpType.TRANSFER;
      return new OperationResult(operation.type().wire(), operation.opId(), operation.account(), balance,
          transfer ? operation.to() : null, toBalance, replayed);
    }
  }

  /** A balance change, in application order. A same-shard transfer writes two, with the same id. */
  public record JournalEntry(String opId, OpType type, String account, long delta) {
  }

  public Result apply(Operation op) {
    if (op.type() == OpType.BALANCE) {
      return new Result(op, balanceOf(op.account()), 0, false);
    }
    Applied previous = applied.get(op.opId());
    if (previous != null) {
      if (!previous.operation().equals(op)) {
        throw BankError.OPERATION_ID_CONFLICT.exception("operation id '" + op.opId() + "' was already used for "
            + previous.operation().toJson().encode());
      }
      return new Result(op, previous.balanceAfter(), previous.toBalanceAfter(), true);
    }
    Applied done = switch (op.type()) {
      case OPEN -> open(op);
      case DEPOSIT, CREDIT -> new Applied(op, change(op, op.account(), op.amount()), 0);
      case WITHDRAW, DEBIT -> new Applied(op, change(op, op.account(), -op.amount()), 0);
      case TRANSFER -> transfer(op);
      default -> throw new IllegalStateException("not a mutating operation: " + op.type());
    };
    applied.put(op.opId(), done);
    return new Result(op, done.balanceAfter(), done.toBalanceAfter(), false);
  }

  private Applied open(Operation op) {
    if (balances.containsKey(op.account())) {
      throw BankError.ACCOUNT_EXISTS.exception("account '" + op.account() + "' is already open");
    }
    balances.put(op.account(), op.amount());
    journal.add(new JournalEntry(op.opId(), op.type(), op.account(), op.amount()));
    return new Applied(op, op.amount(), 0);
  }

  private Applied transfer(Operation op) {
    long from = balanceOf(op.account());
    long to = balanceOf(op.to());
    BalanceRules.next(op.account(), from, -op.amount());
    BalanceRules.next(op.to(), to, op.amount());
    return new Applied(op, change(op, op.account(), -op.amount()), change(op, op.to(), op.amount()));
  }

  private long change(Operation op, String account, long delta) {
    long next = BalanceRules.next(account, balanceOf(account), delta);
    balances.put(account, next);
    journal.add(new JournalEntry(op.opId(), op.type(), account, delta));
    return next;
  }

  public long balanceOf(String account) {
    Long balance = balances.get(account);
    if (balance == null) {
      throw BankError.UNKNOWN_ACCOUNT.exception("no account '" + account + "'");
    }
    return balance;
  }

  public Map<String, Long> balances() {
    return Collections.unmodifiableMap(balances);
  }

  public List<JournalEntry> journal() {
    return Collections.unmodifiableList(journal);
  }
}
