package io.bankbus.messagepassing;

import io.bankbus.protocol.Operation;
import java.util.List;

/**
 * A follower's copy of one shard: the owner's ledger as of its last batch, applied in sequence within one epoch.
 * Applying a batch replays the owner's operations at the owner's times, so the copy answers every later
 * operation (and replay) as the owner would. Not thread-safe: one follower verticle owns one instance.
 */
final class ShardCopy {
  /** What becomes of a batch or a fill sent by an owner. */
  enum Verdict {
    /** Applied (or already applied: a resent batch): the owner may count it as held on two nodes. */
    APPLIED,
    /** From an owner of an older epoch, which has been replaced: refused, it must step aside. */
    STALE_EPOCH,
    /** Not the next batch of this copy (a gap, or a new epoch before its fill): the owner must fill it again. */
    OUT_OF_SEQUENCE
  }

  private Ledger ledger;
  private long epoch;
  private long seq;

  private ShardCopy(Ledger ledger, long epoch, long seq) {
    this.ledger = ledger;
    this.epoch = epoch;
    this.seq = seq;
  }

  /** A copy that has seen nothing yet: every batch is out of sequence until the owner fills it. */
  static ShardCopy empty() {
    return new ShardCopy(null, 0, 0);
  }

  /**
   * No copy, and a fence: the node holding it took the shard over at {@code epoch}, so every batch or fill of an
   * earlier epoch (from an owner that was replaced but does not know it yet) is refused.
   */
  static ShardCopy fenced(long epoch) {
    return new ShardCopy(null, epoch, 0);
  }

  /**
   * Replaces the copy with the owner's whole ledger as of batch {@code seq} of {@code epoch} (the copy now owns
   * {@code ledger}).
   */
  Verdict fill(long epoch, long seq, Ledger ledger) {
    if (epoch < this.epoch) {
      return Verdict.STALE_EPOCH;
    }
    this.ledger = ledger;
    this.epoch = epoch;
    this.seq = seq;
    return Verdict.APPLIED;
  }

  /** Applies batch {@code seq} of {@code epoch}: operations the owner applied at {@code atMs}. */
  Verdict apply(long epoch, long seq, long atMs, List<Operation> ops) {
    if (epoch < this.epoch) {
      return Verdict.STALE_EPOCH;
    }
    if (ledger == null || epoch > this.epoch || seq > this.seq + 1) {
      return Verdict.OUT_OF_SEQUENCE;
    }
    if (seq <= this.seq) {
      return Verdict.APPLIED;
    }
    for (Operation op : ops) {
      try {
        ledger.apply(op, atMs);
      } catch (RuntimeException refused) {
        // The owner applied it: its copy, at the same state and time, cannot refuse it. Never silently diverge.
        throw new IllegalStateException("batch " + seq + " of epoch " + epoch + " does not apply to the copy: "
            + op.toJson().encode() + ": " + refused.getMessage(), refused);
      }
    }
    this.seq = seq;
    return Verdict.APPLIED;
  }

  /** Whether the copy holds the owner's state of {@code epoch}: only then may this follower take the shard over. */
  boolean holds(long epoch) {
    return ledger != null && this.epoch == epoch;
  }

  Ledger ledger() {
    return ledger;
  }

  long epoch() {
    return epoch;
  }

  long seq() {
    return seq;
  }
}
