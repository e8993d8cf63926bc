package io.bankbus.sharedstate;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which departed nodes this node should sweep now, from the members it sees at each look. One node sweeps for the
 * whole cluster: the member with the smallest id, which every node computes alike from the same member list.
 * A sweep reads every operation record of the dedup window (thousands), so one per death is enough; when every
 * node swept, a death in a 3-node bank cost each survivor 90-920 ms of reading (docs/benchmarks.md).
 *
 * <p>The others keep the departures they saw, so that whichever node becomes the sweeper later (the sweeper
 * itself left, or the views differed for a moment) sweeps them too: settling is idempotent, so a departure swept
 * twice costs a read and changes nothing. A node that is a member again was cut off, not dead (a healed
 * partition): its pending claims may be its work in progress, so it is not swept (measured: a minority merged
 * back had its sweeper settle 7 claims of live nodes it had seen leave; docs/partitions.md).
 */
final class Departures {
  private final String self;
  private final Set<String> known = new HashSet<>();
  private final Set<String> unswept = new HashSet<>();

  Departures(String self, Set<String> members) {
    this.self = self;
    known.addAll(members);
  }

  /** Records the members seen now; answers the departed nodes to sweep, empty unless this node is the sweeper. */
  Set<String> look(Set<String> now) {
    for (String node : known) {
      if (!now.contains(node)) {
        unswept.add(node);
      }
    }
    unswept.removeIf(now::contains);
    known.clear();
    known.addAll(now);
    return unswept.isEmpty() || !self.equals(sweeper(now)) ? Set.of() : Set.copyOf(unswept);
  }

  /** The sweep of {@code nodes} settled everything it found: they need no other. */
  void swept(Set<String> nodes) {
    unswept.removeAll(nodes);
  }

  /** Departures seen and not swept here yet (this node may not be the sweeper). */
  Set<String> unswept() {
    return Collections.unmodifiableSet(unswept);
  }

  /** The member that sweeps: the smallest id, or none in an empty view. */
  static String sweeper(Set<String> members) {
    return members.isEmpty() ? null : new TreeSet<>(members).first();
  }
}
