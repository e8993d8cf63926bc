package io.bankbus.messagepassing;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/**
 * How many operations this node's shard owners answered with an outcome (applied, read, or refused by a rule:
 * not the retryable "unavailable"), second by second of the wall clock, for the last {@value #SECONDS_KEPT}
 * seconds. A load run that cut the network reads it from the nodes that were cut off: an owner on a minority
 * side must have answered nothing while apart (docs/partitions.md). Thread-safe; pure, no Vert.x.
 */
public final class LedgerAnswers {
  static final int SECONDS_KEPT = 600;

  /** One second's count: the answers given from {@code startMs} (a whole second) for 1000 ms. */
  public record Second(long startMs, long count) {
  }

  private final long[] starts = new long[SECONDS_KEPT];
  private final long[] counts = new long[SECONDS_KEPT];

  /** {@code n} answers given at {@code nowMs}. */
  public synchronized void answered(long nowMs, int n) {
    long second = Math.floorDiv(nowMs, 1000);
    int slot = (int) Math.floorMod(second, (long) SECONDS_KEPT);
    if (starts[slot] != second * 1000) {
      starts[slot] = second * 1000;
      counts[slot] = 0;
    }
    counts[slot] += n;
  }

  /** The seconds with answers, oldest first, among the last {@value #SECONDS_KEPT} before {@code nowMs}. */
  public synchronized List<Second> recent(long nowMs) {
    long oldest = (Math.floorDiv(nowMs, 1000) - SECONDS_KEPT + 1) * 1000;
    List<Second> kept = new ArrayList<>();
    for (int i = 0; i < SECONDS_KEPT; i++) {
      if (counts[i] > 0 && starts[i] >= oldest && starts[i] <= nowMs) {
        kept.add(new Second(starts[i], counts[i]));
      }
    }
    kept.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
    return kept;
  }

  /** The wire form of {@link #recent}: {@code [[startMs, count], ...]}, oldest first. */
  public JsonArray toJson(long nowMs) {
    JsonArray seconds = new JsonArray();
    recent(nowMs).forEach(s -> seconds.add(new JsonArray().add(s.startMs()).add(s.count())));
    return seconds;
  }
}
