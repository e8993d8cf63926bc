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
   * Rebuilds the shard as the durable copy holds it, and fences out any earlier owner: from now on a write of
   * theirs is refused. Fails if another owner got there first.
   */
  Future<Ledger> recover();

  /**
   * Makes one batch of operations durable, in order after the previous one. {@code changes} are the journal
   * entries applying them wrote; {@code atMs} the time they were applied at (a replay applies them at it).
   * Fails if the batch may not be durable: the owner then answers nobody and calls {@link #stillOwner()}.
   */
  Future<Void> persist(List<Operation> ops, List<Ledger.JournalEntry> changes, long atMs);

  /** After a failed {@link #persist}: whether this owner may {@link #recover} and go on, or must step aside. */
  Future<Boolean> stillOwner();

  /** Called every few seconds while nothing else is in flight: drops what is older than the dedup window. */
  void compact();
}
