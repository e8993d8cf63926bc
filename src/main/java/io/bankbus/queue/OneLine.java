package io.bankbus.queue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One line across the branches of a model, as plain data: what this branch last heard of the other branches'
 * lines, and the rule that decides where a free cashier of this branch calls its next customer from.
 *
 * <p>The rule: call the oldest customer of this branch's own line, unless another branch reported, within the
 * last {@link #STALE_NANOS}, a line whose oldest customer has waited more than {@code slack} longer (or any
 * line at all, when this branch's own is empty); then take from that branch the customers who waited longer
 * than this branch's oldest, as many as it has free cashiers. Reports are not aged on the way: a branch with a
 * line reports every few milliseconds, and the branch taken from re-checks each customer's wait itself.
 *
 * <p>Not thread-safe: one branch verticle owns one instance.
 */
public final class OneLine {
  /** A report older than this is ignored: its branch has gone quiet (it left, or its line emptied unheard). */
  public static final long STALE_NANOS = 1_000_000_000L;

  private final String self;
  private final long slackNanos;
  private final Map<String, Peer> peers = new HashMap<>();

  /** What a branch last said of its line, and whether a take since then found nothing to take. */
  private record Peer(int waiting, long headWaitedNanos, long heardNanos, boolean refuted) {
  }

  /** Take up to {@code count} customers from {@code branch}'s line who waited at least {@code minWaitedNanos}. */
  public record Take(String branch, int count, long minWaitedNanos) {
  }

  /**
   * @param self  this branch's id: its own reports are ignored
   * @param slack how much longer another branch's oldest customer must have waited than this branch's own
   *              before a cashier here takes it: each take costs a round trip between the branches
   */
  public OneLine(String self, long slackNanos) {
    if (slackNanos < 0) {
      throw new IllegalArgumentException("slack must not be negative, got " + slackNanos);
    }
    this.self = self;
    this.slackNanos = slackNanos;
  }

  /** {@code branch} reported its line: {@code waiting} customers, the oldest waiting {@code headWaitedNanos}. */
  public void heard(String branch, int waiting, long headWaitedNanos, long nowNanos) {
    if (!branch.equals(self)) {
      peers.put(branch, new Peer(waiting, headWaitedNanos, nowNanos, false));
    }
  }

  /**
   * A take from {@code branch} was answered: its line as it stood then, and whether it handed anyone over.
   * A take that found nobody is not repeated until {@code branch} reports again.
   */
  public void taken(String branch, int waiting, long headWaitedNanos, boolean handedAny, long nowNanos) {
    if (!branch.equals(self)) {
      peers.put(branch, new Peer(waiting, headWaitedNanos, nowNanos, !handedAny));
    }
  }

  /** {@code branch} did not answer: forget its line until it reports again. */
  public void forget(String branch) {
    peers.remove(branch);
  }

  /**
   * Where this branch's free cashiers should call from: a take from another branch, or empty to call from
   * this branch's own line (if anyone waits there).
   *
   * @param ownHeadWaitedNanos how long this branch's oldest customer has waited, or negative if nobody waits
   * @param freeCashiers       this branch's cashiers free now
   */
  public Optional<Take> choose(long ownHeadWaitedNanos, int freeCashiers, long nowNanos) {
    if (freeCashiers < 1) {
      return Optional.empty();
    }
    String best = null;
    Peer bestPeer = null;
    for (Map.Entry<String, Peer> e : peers.entrySet()) {
      Peer p = e.getValue();
      if (p.waiting() < 1 || p.refuted() || nowNanos - p.heardNanos() > STALE_NANOS) {
        continue;
      }
      boolean older = bestPeer == null || p.headWaitedNanos() > bestPeer.headWaitedNanos()
          || (p.headWaitedNanos() == bestPeer.headWaitedNanos() && e.getKey().compareTo(best) < 0);
      if (older) {
        best = e.getKey();
        bestPeer = p;
      }
    }
    if (bestPeer == null) {
      return Optional.empty();
    }
    boolean ownEmpty = ownHeadWaitedNanos < 0;
    if (!ownEmpty && bestPeer.headWaitedNanos() <= ownHeadWaitedNanos + slackNanos) {
      return Optional.empty();
    }
    return Optional.of(new Take(best, Math.min(freeCashiers, bestPeer.waiting()), ownEmpty ? 0 : ownHeadWaitedNanos));
  }
}
