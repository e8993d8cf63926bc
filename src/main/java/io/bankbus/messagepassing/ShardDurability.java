package io.bankbus.messagepassing;

import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import java.util.List;

/**
 * How a shard owner ({@link LedgerShardVerticle}) makes what it applied durable before it answers: the one seam
 * between owning a shard and keeping its copy safe. The owner calls it from its own event loop, one call in
 * flight at a time.
 */
interface ShardDurability {
  /**
   * Makes {@code current} (the owner's ledger, or {@code null} when it starts) durable as a whole, and completes
   * with the ledger the owner goes on from. Fails if this owner may no longer own the shard.
   */
  Future<Ledger> recover(Ledger current);

  /**
   * Makes one batch of operations durable, in order after the previous one. {@code changes} are the journal
   * entries applying them wrote; {@code atMs} the time they were applied at (a copy applies them at it).
   * Fails if the batch may not be durable: the owner then answers nobody and calls {@link #stillOwner()}.
   */
  Future<Void> persist(List<Operation> ops, List<Ledger.JournalEntry> changes, long atMs);

  /** After a failed {@link #persist}: whether this owner may {@link #recover} and go on, or must step aside. */
  Future<Boolean> stillOwner();

  /**
   * Whether answers that need no write (reads, refusals) may go out now. An owner on the minority side of a
   * partition answers nothing at all, not even a balance the majority side may already have changed.
   */
  default boolean mayAnswer() {
    return true;
  }

  /**
   * Whether the node that batches are being made durable on has left the cluster: batches in flight there will
   * never be acked, and the owner gives up on them at once instead of waiting out their timeout.
   */
  default boolean followerGone() {
    return false;
  }

  /** Whether {@link #recover} should run again while nothing is in flight (say, a follower can now be had). */
  default boolean wantsRecovery() {
    return false;
  }
}
