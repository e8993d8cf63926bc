package io.bankbus.messagepassing;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durability by a copy on another node: the owner sends each batch {@code (shard, epoch, seq, ops)} to its
 * follower's {@link ShardCopiesVerticle} and counts it durable once the follower has applied it and said so. A
 * new follower is first filled with the owner's whole ledger. The follower is named in the shard's
 * {@link ShardClaim} (compare-and-set) before anything is counted on it, so that whoever takes the shard over
 * knows where the copy is.
 *
 * <p>With no other node that can follow (a bank of one node), batches are durable in this node's memory only:
 * logged once, loudly; a follower is filled as soon as a node that can follow joins.
 */
final class FollowerDurability implements ShardDurability {
  private static final Logger LOG = LoggerFactory.getLogger(FollowerDurability.class);
  private static final AtomicBoolean WARNED_ALONE = new AtomicBoolean();
  /** How long a batch may wait for its follower's answer before the owner gives up on that follower. */
  static final long COPY_TIMEOUT_MS = 2_000;
  /** A fill carries the whole ledger of one dedup window: it may take seconds to encode, send and apply. */
  static final long FILL_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final int shard;
  private final String nodeId;
  private final ShardClaims claims;
  private final Supplier<Set<String>> members;
  private final CopyHosts hosts;
  private final long epoch;
  private final Ledger initial;
  private final BooleanSupplier majority;
  private final DeliveryOptions copyDelivery = new DeliveryOptions().setSendTimeout(COPY_TIMEOUT_MS);
  private volatile String follower;
  private volatile String preferred;
  private long seq;
  /** Nodes that could follow this shard, as last looked up (sorted; this node left out). */
  private List<String> candidates = List.of();

  /**
   * @param epoch   the epoch this owner owns the shard in (its claim must say so)
   * @param initial the ledger to start from: empty for a new shard, a follower's copy for a takeover
   */
  FollowerDurability(Vertx vertx, int shard, String nodeId, ShardClaims claims, Supplier<Set<String>> members,
                     long epoch, Ledger initial) {
    this(vertx, shard, nodeId, claims, members, new CopyHosts(vertx, members), epoch, initial, () -> true);
  }

  /**
   * @param hosts    the nodes that can follow, as this node looks them up (one cache for all its owners)
   * @param majority whether this node sees a majority of the bank's nodes ({@link Majority}) right now
   */
  FollowerDurability(Vertx vertx, int shard, String nodeId, ShardClaims claims, Supplier<Set<String>> members,
                     CopyHosts hosts, long epoch, Ledger initial, BooleanSupplier majority) {
    this.majority = majority;
    this.vertx = vertx;
    this.shard = shard;
    this.nodeId = nodeId;
    this.claims = claims;
    this.members = members;
    this.hosts = hosts;
    LedgerCodecs.registerOn(vertx);
    this.epoch = epoch;
    this.initial = initial;
  }

  /** Names a follower in the claim and fills it with {@code current}; with no node that can follow, none. */
  @Override
  public Future<Ledger> recover(Ledger current) {
    Ledger ledger = current != null ? current : initial;
    return hosts.current().compose(found -> {
      candidates = others(found);
      return claims.get(shard);
    }).compose(claim -> {
      if (claim == null || !claim.ownedBy(nodeId) || claim.epoch() != epoch) {
        return Future.failedFuture(new IllegalStateException("ledger shard " + shard + " is no longer this node's"
            + " at epoch " + epoch + ": " + (claim == null ? "no claim" : claim.encode())));
      }
      String next = pick(claim);
      follower = null;
      if (next == null) {
        if (WARNED_ALONE.compareAndSet(false, true)) {
          LOG.warn("NO FOLLOWER: no other node can hold a copy of the ledger shards; until one joins, acknowledged"
              + " operations live in this node's memory only and are lost if it dies");
        }
        return claim.follower() == null ? Future.succeededFuture(ledger)
            : claims.replace(shard, claim, claim.withFollower(null)).map(ledger);
      }
      // Filled first, named after: until the claim names it, the follower named before still holds everything
      // acknowledged (nothing is acknowledged while recovering), so a takeover meanwhile loses nothing.
      long fillingNanos = System.nanoTime();
      long[] filledNanos = {0};
      return fill(next, ledger)
          .andThen(v -> filledNanos[0] = System.nanoTime())
          .compose(v -> next.equals(claim.follower()) ? Future.succeededFuture(true)
              : claims.replace(shard, claim, claim.withFollower(next)))
          .compose(named -> {
            if (!named) {
              return Future.failedFuture(new IllegalStateException("the claim of ledger shard " + shard
                  + " changed while a follower was filled"));
            }
            follower = next;
            LOG.info("ledger shard {} (epoch {}) is followed by node {} (filled in {} ms, named in {} ms more)",
                shard, epoch, next, (filledNanos[0] - fillingNanos) / 1_000_000,
                (System.nanoTime() - filledNanos[0]) / 1_000_000);
            return Future.succeededFuture(ledger);
          });
    });
  }

  /**
   * The follower to fill: the one {@link #prefer preferred} if it can follow, else the one named if it still can,
   * else one chosen by shard so that followers spread.
   */
  private String pick(ShardClaim claim) {
    if (candidates.isEmpty()) {
      return null;
    }
    String wanted = preferred;
    if (wanted != null && candidates.contains(wanted)) {
      return wanted;
    }
    if (claim.follower() != null && candidates.contains(claim.follower())) {
      return claim.follower();
    }
    return candidates.get(Math.floorMod(shard, candidates.size()));
  }

  private Future<Void> fill(String next, Ledger ledger) {
    LedgerCodecs.Fill fill = LedgerFills.fill(shard, epoch, ++seq, ledger);
    return vertx.eventBus().request(Addresses.shardCopies(next), fill,
        new DeliveryOptions().setSendTimeout(FILL_TIMEOUT_MS)).mapEmpty();
  }

  @Override
  public Future<Void> persist(List<Operation> ops, List<Ledger.JournalEntry> changes, long atMs) {
    if (!majority.getAsBoolean()) {
      return Future.failedFuture(new IllegalStateException("this node sees fewer than a majority of the bank's"
          + " nodes: ledger shard " + shard + " acknowledges nothing until it does"));
    }
    if (follower == null) {
      // Alone: the batch lives in this node's memory only. Still never acknowledged by an owner that was
      // replaced (say, frozen past failure detection, then back): the claim is read first.
      if (!candidates.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("ledger shard " + shard + " has no follower yet"));
      }
      if (PauseWatch.recentlyPaused()) {
        return Future.failedFuture(new IllegalStateException("this process stood still recently and may have been"
            + " replaced: ledger shard " + shard + " acknowledges nothing without a follower for now"));
      }
      return stillOwner().compose(owner -> owner ? Future.succeededFuture() : Future.failedFuture(
              new IllegalStateException("ledger shard " + shard + " is no longer this node's at epoch " + epoch)));
    }
    long at = ++seq;                               // batches in flight one behind the other: numbered as sent
    LedgerCodecs.CopyBatch batch = new LedgerCodecs.CopyBatch(shard, epoch, at, atMs, ops);
    return vertx.eventBus().request(Addresses.shardCopies(follower), batch, copyDelivery).mapEmpty();
  }

  @Override
  public boolean mayAnswer() {
    return majority.getAsBoolean();
  }

  @Override
  public Future<Boolean> stillOwner() {
    return claims.get(shard).map(claim -> claim != null && claim.ownedBy(nodeId) && claim.epoch() == epoch);
  }

  /**
   * A follower that left, or one that can now be had where there was none (who could follow is as this node
   * last looked it up, at most {@link CopyHosts#FRESH_MS} ago, so a node that joins is followed within about a
   * second).
   */
  @Override
  public boolean wantsRecovery() {
    candidates = others(hosts.recent());
    String wanted = preferred;
    if (wanted != null && !wanted.equals(follower) && candidates.contains(wanted)) {
      return true;
    }
    return follower == null ? !candidates.isEmpty() : !members.get().contains(follower);
  }

  @Override
  public boolean followerGone() {
    String now = follower;
    return now != null && !members.get().contains(now);
  }

  /**
   * Asks that {@code node} follow this shard from now on (a shard about to be handed to it): the owner fills it
   * at its next recovery. Called from any thread.
   */
  void prefer(String node) {
    preferred = node;
  }

  /** The node that holds the copy now, or {@code null}. Read from any thread. */
  String follower() {
    return follower;
  }

  private List<String> others(List<String> found) {
    return found.contains(nodeId) ? found.stream().filter(h -> !h.equals(nodeId)).toList() : found;
  }
}
