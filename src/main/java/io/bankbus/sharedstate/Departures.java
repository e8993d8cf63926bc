package io.bankbus.sharedstate;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which departed nodes this node should sweep, from the members it sees at each look. One node sweeps for the
 * whole cluster: of the live members that run a sweeper, the one with the smallest id, which every node works out
 * alike. A sweep reads every operation record of the dedup window (thousands), so one per death is enough; when
 * every node swept, a death in a 3-node bank cost each survivor 90-920 ms of reading (docs/benchmarks.md).
 *
 * <p>The sweeper can change only when the members change, so the choice is made again only then (or after a
 * sweep or a look-up that failed). The others keep the departures they saw, a few bytes each, so that whichever
 * node becomes the sweeper later (the sweeper died too) sweeps them as well: settling is idempotent, so a
 * departure swept twice costs a read and changes nothing. A node that is a member again was cut off, not dead (a
 * healed partition): its pending claims may be its work in progress, so it is not swept (measured: a minority
 * merged back had its sweeper settle 7 claims of live nodes it had seen leave; docs/partitions.md).
 */
final class Departures {
  private final String self;
  private final Set<String> known = new HashSet<>();
  private final Set<String> unswept = new HashSet<>();
  private boolean choose;

  Departures(String self, Set<String> members) {
    this.self = self;
    known.addAll(members);
  }

  /**
   * Records the members seen now. True if the sweeper must be chosen ({@link #toSweep}): there are departures
   * to sweep, and the members changed since the last choice or that choice's sweep did not complete.
   */
  boolean look(Set<String> now) {
    boolean changed = !known.equals(now);
    if (changed) {
      for (String node : known) {
        if (!now.contains(node)) {
          unswept.add(node);
        }
      }
      unswept.removeIf(now::contains);
      known.clear();
      known.addAll(now);
      choose = true;
    }
    return choose && !unswept.isEmpty();
  }

  /**
   * The departures to sweep now, given the live members that run a sweeper: all of them if this node is the
   * sweeper, else none (the choice is then made, until the members change).
   */
  Set<String> toSweep(Set<String> sweepers) {
    choose = false;
    return self.equals(sweeper(sweepers)) ? Set.copyOf(unswept) : Set.of();
  }

  /** The sweep of {@code nodes} settled everything it found: they need no other. */
  void swept(Set<String> nodes) {
    unswept.removeAll(nodes);
  }

  /** The sweep, or the look-up of the sweepers, failed: choose and sweep again at the next look. */
  void failed() {
    choose = true;
  }

  /** Departures seen and not swept here (this node may not be the sweeper). */
  Set<String> unswept() {
    return Collections.unmodifiableSet(unswept);
  }

  /** The node that sweeps among {@code sweepers} (live members that run one): the smallest id, or none. */
  static String sweeper(Set<String> sweepers) {
    return sweepers.isEmpty() ? null : new TreeSet<>(sweepers).first();
  }
}
