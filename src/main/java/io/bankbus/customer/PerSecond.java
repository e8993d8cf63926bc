package io.bankbus.customer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts per whole second from an origin, added to from many event loops at once. Seconds nobody counted in
 * read as 0, so a stall shows as a gap of zeros rather than as a missing second.
 */
final class PerSecond {
  private final ConcurrentHashMap<Long, LongAdder> counts = new ConcurrentHashMap<>();

  /** One more in the second that holds {@code nanosSinceOrigin}. */
  void add(long nanosSinceOrigin) {
    counts.computeIfAbsent(nanosSinceOrigin / 1_000_000_000L, s -> new LongAdder()).increment();
  }

  long in(long second) {
    LongAdder n = counts.get(second);
    return n == null ? 0 : n.sum();
  }

  /** The counts of seconds {@code 0 .. seconds - 1}. */
  long[] first(int seconds) {
    long[] out = new long[Math.max(0, seconds)];
    for (int s = 0; s < out.length; s++) {
      out[s] = in(s);
    }
    return out;
  }
}
