package io.bankbus.messagepassing;

import io.bankbus.rules.BalanceRules;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The account rules, with no Vert.x in sight (but its JSON copy): one instance holds the accounts of one ledger shard and is
 * used by exactly one thread at a time (its owner verticle), so it needs no locks.
 *
 * <p>Rules: balances are integer cents and never negative; a mutating operation is applied at most once per
 * operation id: the same id with the same content replays the first result, with different content it is
 * refused ({@link BankError#OPERATION_ID_CONFLICT}). A refused operation changes nothing and is not
 * remembered, so a retry after the cause is gone (funds arrived) may succeed, once.
 *
 * <p><b>Bounded memory.</b> Ids are remembered for the dedup window ({@code windowMs}) after they were applied;
 * a retry later than that would be applied again, so customers give up on an id well within it. Every
 * application is appended to a journal, which the audit reads back to prove each id was applied once; entries
 * older than the window are folded into a per-account sum ({@link #folded()}), so balance = folded + journal
 * holds at all times while memory stays proportional to the operations of one window. Time is passed in, never
 * read here, so a log replay reproduces what the owner remembered.
 */
public final class Ledger {
  private final long windowMs;
  private final Map<String, Long> balances = new HashMap<>();
  /** In application order, which is also time order: the oldest is forgotten first. */
  private final LinkedHashMap<String, Applied> applied = new LinkedHashMap<>();
  private final ArrayDeque<Timed> journal = new ArrayDeque<>();
  private final Map<String, Long> folded = new HashMap<>();
  /** The entries the operation being applied wrote. */
  private List<JournalEntry> written = List.of();

  /** One applied operation: what it was, the balance it left (of the source account for transfers), when. */
  public record Applied(Operation operation, long balanceAfter, long toBalanceAfter, long atMs) {
  }

  /**
   * The result handed back to the caller; {@code replayed} means the id had been applied before, and
   * {@code changes} are the journal entries this call wrote (none for reads, refusals and replays).
   */
  /** @param appliedAtMs when the operation was first applied (a replay: by an earlier attempt); 0 for a read */
  public record Result(Operation operation, long balance, long toBalance, boolean replayed,
                       List<JournalEntry> changes, long appliedAtMs) {
    public OperationResult toReply() {
      return OperationResult.of(operation, balance, toBalance, replayed);
    }
  }

  /** A balance change, in application order. A same-shard transfer writes two, with the same id. */
  public record JournalEntry(String opId, OpType type, String account, long delta) {
  }

  private record Timed(JournalEntry entry, long atMs) {
  }

  /** A ledger that never forgets: for tests and short-lived tools. */
  public Ledger() {
    this(Long.MAX_VALUE);
  }

  /** @param windowMs how long an applied id and its journal entries are kept, in the time passed to apply */
  public Ledger(long windowMs) {
    if (windowMs < 1) {
      throw new IllegalArgumentException("window must be positive, got " + windowMs);
    }
    this.windowMs = windowMs;
  }

  /**
   * A ledger whose history before now is only its balances, as after a log compaction: those balances count as
   * folded, and no id of that history is remembered (it is older than the window).
   */
  public static Ledger restore(Map<String, Long> base, long windowMs) {
    Ledger ledger = new Ledger(windowMs);
    ledger.balances.putAll(base);
    ledger.folded.putAll(base);
    return ledger;
  }

  /**
   * Everything this ledger holds, as JSON: balances, the remembered ids with their results and times, the journal
   * of the window with its times, and the folded sums. {@link #fromCopy} rebuilds an identical ledger, so a
   * follower handed this copy answers every later operation (and replay) exactly as this one would.
   */
  public JsonObject copy() {
    JsonArray ids = new JsonArray();
    applied.values().forEach(a -> ids.add(new JsonArray().add(a.operation().toJson()).add(a.balanceAfter())
        .add(a.toBalanceAfter()).add(a.atMs())));
    JsonArray entries = new JsonArray();
    journal.forEach(t -> entries.add(new JsonArray().add(t.entry().opId()).add(t.entry().type().wire())
        .add(t.entry().account()).add(t.entry().delta()).add(t.atMs())));
    return new JsonObject().put("balances", new JsonObject(new HashMap<>(balances))).put("applied", ids)
        .put("journal", entries).put("folded", new JsonObject(new HashMap<>(folded)));
  }

  /** The ledger {@link #copy()} describes, forgetting with {@code windowMs} from then on. */
  public static Ledger fromCopy(JsonObject copy, long windowMs) {
    Ledger ledger = new Ledger(windowMs);
    copy.getJsonObject("balances").forEach(e -> ledger.balances.put(e.getKey(), ((Number) e.getValue()).longValue()));
    copy.getJsonObject("folded").forEach(e -> ledger.folded.put(e.getKey(), ((Number) e.getValue()).longValue()));
    for (Object row : copy.getJsonArray("applied")) {
      JsonArray a = (JsonArray) row;
      Operation op = Operation.fromJson(a.getJsonObject(0), true);
      ledger.applied.put(op.opId(), new Applied(op, a.getLong(1), a.getLong(2), a.getLong(3)));
    }
    for (Object row : copy.getJsonArray("journal")) {
      JsonArray j = (JsonArray) row;
      ledger.journal.add(new Timed(new JournalEntry(j.getString(0), OpType.ofWire(j.getString(1)), j.getString(2),
          j.getLong(3)), j.getLong(4)));
    }
    return ledger;
  }

  /** The remembered ids with their results, oldest first: what {@link LedgerFills#fill} carries. */
  Collection<Applied> appliedInOrder() {
    return Collections.unmodifiableCollection(applied.values());
  }

  /** Each journal entry of the window with when it was written, oldest first. */
  void forEachTimedEntry(BiConsumer<JournalEntry, Long> each) {
    journal.forEach(t -> each.accept(t.entry(), t.atMs()));
  }

  /**
   * Rebuilding a ledger from a copy ({@link LedgerFills#ledgerOf}): sets what the copy says, in the order
   * {@link #appliedInOrder} and {@link #forEachTimedEntry} gave it. Only on a ledger no operation was applied to.
   */
  void restore(Map<String, Long> balances, Map<String, Long> folded, List<Applied> appliedInOrder,
               List<JournalEntry> entries, long[] entryTimes) {
    this.balances.putAll(balances);
    this.folded.putAll(folded);
    appliedInOrder.forEach(a -> applied.put(a.operation().opId(), a));
    for (int i = 0; i < entries.size(); i++) {
      journal.add(new Timed(entries.get(i), entryTimes[i]));
    }
  }

  /** Applies at time 0: for a ledger that never forgets. */
  public Result apply(Operation op) {
    return apply(op, 0);
  }

  /** Applies {@code op} at {@code nowMs}, forgetting first what fell out of the window by then. */
  public Result apply(Operation op, long nowMs) {
    forget(nowMs);
    if (op.type() == OpType.BALANCE) {
      return new Result(op, balanceOf(op.account()), 0, false, List.of(), 0);
    }
    Applied previous = applied.get(op.opId());
    if (previous != null) {
      if (!previous.operation().equals(op)) {
        throw BankError.OPERATION_ID_CONFLICT.exception("operation id '" + op.opId() + "' was already used for "
            + previous.operation().toJson().encode());
      }
      return new Result(op, previous.balanceAfter(), previous.toBalanceAfter(), true, List.of(), previous.atMs());
    }
    written = new ArrayList<>(2);
    Applied done = switch (op.type()) {
      case OPEN -> open(op, nowMs);
      case DEPOSIT, CREDIT -> new Applied(op, change(op, op.account(), op.amount(), nowMs), 0, nowMs);
      case WITHDRAW, DEBIT -> new Applied(op, change(op, op.account(), -op.amount(), nowMs), 0, nowMs);
      case TRANSFER -> transfer(op, nowMs);
      default -> throw new IllegalStateException("not a mutating operation: " + op.type());
    };
    applied.put(op.opId(), done);
    return new Result(op, done.balanceAfter(), done.toBalanceAfter(), false, written, nowMs);
  }

  /** Forgets ids and folds journal entries applied before {@code nowMs - window}. */
  public void forget(long nowMs) {
    if (windowMs == Long.MAX_VALUE) {
      return;
    }
    long cutoff = nowMs - windowMs;
    Iterator<Applied> ids = applied.values().iterator();
    while (ids.hasNext()) {
      if (ids.next().atMs() >= cutoff) {
        break;
      }
      ids.remove();
    }
    while (!journal.isEmpty() && journal.peekFirst().atMs() < cutoff) {
      JournalEntry e = journal.pollFirst().entry();
      folded.merge(e.account(), e.delta(), Long::sum);
    }
  }

  private Applied open(Operation op, long nowMs) {
    if (balances.containsKey(op.account())) {
      throw BankError.ACCOUNT_EXISTS.exception("account '" + op.account() + "' is already open");
    }
    balances.put(op.account(), op.amount());
    record(new JournalEntry(op.opId(), op.type(), op.account(), op.amount()), nowMs);
    return new Applied(op, op.amount(), 0, nowMs);
  }

  private Applied transfer(Operation op, long nowMs) {
    long from = balanceOf(op.account());
    long to = balanceOf(op.to());
    BalanceRules.next(op.account(), from, -op.amount());
    BalanceRules.next(op.to(), to, op.amount());
    return new Applied(op, change(op, op.account(), -op.amount(), nowMs), change(op, op.to(), op.amount(), nowMs),
        nowMs);
  }

  private long change(Operation op, String account, long delta, long nowMs) {
    long next = BalanceRules.next(account, balanceOf(account), delta);
    balances.put(account, next);
    record(new JournalEntry(op.opId(), op.type(), account, delta), nowMs);
    return next;
  }

  private void record(JournalEntry entry, long nowMs) {
    journal.add(new Timed(entry, nowMs));
    written.add(entry);
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

  /** The journal entries of the window, oldest first. */
  public List<JournalEntry> journal() {
    return journal.stream().map(Timed::entry).toList();
  }

  /** Per account, the sum of the journal entries no longer listed: balance = folded + listed entries. */
  public Map<String, Long> folded() {
    return Collections.unmodifiableMap(folded);
  }

  /** Ids remembered now: bounded by the operations of one window. */
  public int rememberedIds() {
    return applied.size();
  }
}
