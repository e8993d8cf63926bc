package io.bankbus.messagepassing;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.OpType;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole ledger in binary, for a {@link LedgerCodecs.Fill}: what an owner sends a new follower, in the wire
 * format of {@link LedgerCodecs} (docs/protocol.md): balances, folded amounts, the dedup window's applied
 * operations in order, then the journal's timed entries. The ledger's own messages are {@link LedgerCodecs}'s; this
 * is the one body that carries a ledger's whole state.
 */
final class LedgerFills {
  private LedgerFills() {
  }

  /**
   * The fill of {@code ledger} as it is now. Measured before: a fill in JSON (the dedup window's every operation
   * as an object) was most of a node's CPU in the seconds after a kill, when the owners fill new followers.
   */
  static LedgerCodecs.Fill fill(int shard, long epoch, long seq, Ledger ledger) {
    Buffer out = Buffer.buffer();
    writeAmounts(out, ledger.balances());
    writeAmounts(out, ledger.folded());
    out.appendInt(ledger.appliedInOrder().size());
    for (Ledger.Applied a : ledger.appliedInOrder()) {
      LedgerCodecs.writeOperation(out, a.operation());
      out.appendLong(a.balanceAfter()).appendLong(a.toBalanceAfter()).appendLong(a.atMs());
    }
    int countAt = out.length();
    out.appendInt(0);
    int[] count = {0};
    ledger.forEachTimedEntry((e, atMs) -> {
      LedgerCodecs.writeString(out, e.opId());
      LedgerCodecs.writeString(out, e.type().wire());
      LedgerCodecs.writeString(out, e.account());
      out.appendLong(e.delta()).appendLong(atMs);
      count[0]++;
    });
    out.setInt(countAt, count[0]);
    return new LedgerCodecs.Fill(shard, epoch, seq, out);
  }

  /** The ledger a fill carries, forgetting with {@code windowMs}; {@code INVALID_MESSAGE} if its bytes do not read. */
  static Ledger ledgerOf(LedgerCodecs.Fill fill, long windowMs) {
    try {
      LedgerCodecs.Reader in = new LedgerCodecs.Reader(fill.ledger(), 0, fill.ledger().length());
      Map<String, Long> balances = readAmounts(in);
      Map<String, Long> folded = readAmounts(in);
      int applied = in.count(LedgerCodecs.MIN_OPERATION_BYTES + 24);
      List<Ledger.Applied> ids = new ArrayList<>(applied);
      for (int i = 0; i < applied; i++) {
        ids.add(new Ledger.Applied(LedgerCodecs.readOperation(in), in.longValue(), in.longValue(), in.longValue()));
      }
      int entries = in.count(3 * 4 + 16);
      List<Ledger.JournalEntry> journal = new ArrayList<>(entries);
      long[] times = new long[entries];
      for (int i = 0; i < entries; i++) {
        journal.add(new Ledger.JournalEntry(in.string(true), OpType.ofWire(in.string(false)), in.string(false),
            in.longValue()));
        times[i] = in.longValue();
      }
      if (in.left() != 0) {
        throw new IllegalArgumentException(in.left() + " bytes left over");
      }
      Ledger ledger = new Ledger(windowMs);
      ledger.restore(balances, folded, ids, journal, times);
      return ledger;
    } catch (BankException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw BankError.INVALID_MESSAGE.exception("the fill of ledger shard " + fill.shard() + " does not read: "
          + e.getMessage());
    }
  }

  private static void writeAmounts(Buffer out, Map<String, Long> amounts) {
    out.appendInt(amounts.size());
    amounts.forEach((account, cents) -> {
      LedgerCodecs.writeString(out, account);
      out.appendLong(cents);
    });
  }

  private static Map<String, Long> readAmounts(LedgerCodecs.Reader in) {
    int count = in.count(4 + 8);
    Map<String, Long> amounts = new HashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      amounts.put(in.string(false), in.longValue());
    }
    return amounts;
  }
}
