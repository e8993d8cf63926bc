package io.bankbus.customer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Queue waits by the branch that gave out the ticket, and how many of its visits a cashier of another branch
 * called (taken from its line): whether one line is fair shows in how far the branches' waits differ.
 */
final class BranchWaits {
  private final long maxMicros;
  private final ConcurrentHashMap<String, Histogram> waits = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> calledElsewhere = new ConcurrentHashMap<>();

  BranchWaits(long maxMicros) {
    this.maxMicros = maxMicros;
  }

  /** A measured visit: {@code branch} gave out its ticket, {@code cashier} (an address) called it. */
  void record(String branch, String cashier, long waitMicros) {
    waits.computeIfAbsent(branch, b -> new ConcurrentHistogram(maxMicros, 3)).recordValue(waitMicros);
    LongAdder elsewhere = calledElsewhere.computeIfAbsent(branch, b -> new LongAdder());
    if (!cashier.contains(".cashier." + branch + ".")) {
      elsewhere.increment();
    }
  }

  long calledElsewhere(String branch) {
    LongAdder n = calledElsewhere.get(branch);
    return n == null ? 0 : n.sum();
  }

  /** By branch id, sorted. */
  Map<String, Histogram> byBranch() {
    return new TreeMap<>(waits);
  }
}
