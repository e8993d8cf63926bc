package io.bankbus.messagepassing;

import com.hazelcast.core.HazelcastInstance;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durability by a replicated log: every batch is written to the shard's {@link ShardLog} (a Hazelcast map with a
 * synchronous backup) under the next sequence number, which only one owner can write. A new owner replays the
 * log and then writes an empty batch of its own, so an old owner that carries on is refused at its next write.
 *
 * <p><b>Bounded.</b> Batches older than the dedup window are folded into the log's base (the balances after
 * them) and deleted, so under endless load the log holds one window of operations, and a new owner still
 * rebuilds exactly what the old one remembers.
 */
final class LogDurability implements ShardDurability {
  private static final Logger LOG = LoggerFactory.getLogger(LogDurability.class);

  private final int shard;
  private final String nodeId;
  private final long windowMs;
  private final ShardLog log;
  private long nextSeq;
  /** Logged batches younger than the window, oldest first: compaction folds them into {@link #base}. */
  private final ArrayDeque<Logged> logged = new ArrayDeque<>();
  /** The balances after batch {@link #baseSeq}: the log's base, as this owner will next write it. */
  private final Map<String, Long> base = new HashMap<>();
  private long baseSeq;
  /** Batches up to this one are deleted from the log. */
  private long deletedThrough;
  private boolean compacting;
  /** The sequence number of the last batch that failed to be written. */
  private long lostSeq;

  private record Logged(long seq, long atMs, List<Ledger.JournalEntry> changes) {
  }

  /** @param hazelcast the cluster's Hazelcast instance, or {@code null} on a local Vert.x */
  LogDurability(Vertx vertx, HazelcastInstance hazelcast, int shard, String nodeId, long windowMs) {
    this.shard = shard;
    this.nodeId = nodeId;
    this.windowMs = windowMs;
    this.log = new ShardLog(vertx, hazelcast, shard);
  }

  @Override
  public Future<Ledger> recover() {
    return log.load().compose(contents -> {
      Ledger rebuilt = Ledger.restore(contents.base().balances(), windowMs);
      List<Logged> replayedBatches = new ArrayList<>();
      for (ShardLog.Batch batch : contents.batches()) {
        List<Ledger.JournalEntry> changes = new ArrayList<>();
        batch.ops().forEach(op -> changes.addAll(rebuilt.apply(op, batch.atMs()).changes()));
        replayedBatches.add(new Logged(batch.seq(), batch.atMs(), changes));
      }
      long seq = contents.lastSeq() + 1;
      long now = System.currentTimeMillis();
      int replayed = contents.batches().stream().mapToInt(b -> b.ops().size()).sum();
      return log.append(new ShardLog.Batch(seq, nodeId, now, List.of())).compose(won -> {
        if (!won) {
          return Future.failedFuture(new IllegalStateException("ledger shard " + shard + ": another owner wrote"
              + " its log at " + seq + " while it was being read"));
        }
        nextSeq = seq + 1;
        base.clear();
        base.putAll(contents.base().balances());
        baseSeq = contents.base().seq();
        deletedThrough = baseSeq;
        logged.clear();
        logged.addAll(replayedBatches);
        logged.add(new Logged(seq, now, List.of()));
        if (!contents.staleSeqs().isEmpty()) {
          log.delete(Set.copyOf(contents.staleSeqs()));
        }
        if (replayed > 0 || baseSeq > 0) {
          LOG.info("ledger shard {} rebuilt from its log: base after batch {} with {} accounts, then {} operations"
              + " in {} batches", shard, baseSeq, base.size(), replayed, contents.batches().size());
        }
        return Future.succeededFuture(rebuilt);
      });
    });
  }

  @Override
  public Future<Void> persist(List<Operation> ops, List<Ledger.JournalEntry> changes, long atMs) {
    ShardLog.Batch entry = new ShardLog.Batch(nextSeq, nodeId, atMs, List.copyOf(ops));
    Future<Boolean> appended;
    try {
      appended = log.append(entry);
    } catch (RuntimeException e) {                 // e.g. Hazelcast shutting down: a failed write, not a lost batch
      appended = Future.failedFuture(e);
    }
    return appended.transform(written -> {
      if (written.succeeded() && written.result()) {
        logged.add(new Logged(entry.seq(), entry.atMs(), changes));
        nextSeq++;
        return Future.succeededFuture();
      }
      lostSeq = entry.seq();
      return Future.failedFuture(written.failed() ? written.cause() : new IllegalStateException("sequence "
          + entry.seq() + " of ledger shard " + shard + " was written by another owner"));
    });
  }

  /** Still the owner unless another node has written the log at or after the batch that was lost. */
  @Override
  public Future<Boolean> stillOwner() {
    long lost = lostSeq;
    return log.load().map(contents -> contents.batches().stream()
        .noneMatch(b -> b.seq() >= lost && !b.owner().equals(nodeId)));
  }

  /**
   * Folds the logged batches older than the window into the base, stores the base, then deletes those batches.
   * One compaction at a time.
   */
  @Override
  public void compact() {
    if (compacting) {
      return;
    }
    long cutoff = System.currentTimeMillis() - windowMs;
    boolean moved = false;
    while (!logged.isEmpty() && logged.peekFirst().atMs() < cutoff) {
      Logged oldest = logged.pollFirst();
      oldest.changes().forEach(c -> base.merge(c.account(), c.delta(), Long::sum));
      baseSeq = oldest.seq();
      moved = true;
    }
    if (!moved) {
      return;
    }
    compacting = true;
    long through = baseSeq;
    long from = deletedThrough + 1;
    log.writeBase(new ShardLog.Base(through, Map.copyOf(base)))
        .compose(v -> log.delete(from, through))
        .onComplete(done -> {
          compacting = false;
          if (done.succeeded()) {
            deletedThrough = through;
          } else {
            LOG.warn("ledger shard {}: log compaction through batch {} failed, will retry: {}", shard, through,
                done.cause().getMessage());
          }
        });
  }
}
