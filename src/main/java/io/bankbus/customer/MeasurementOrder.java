package io.bankbus.customer;

import io.bankbus.rules.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * In which order the models are measured, and which round a model's line reports. Round {@code r} (from 0)
 * measures the models rotated left by {@code r}: with as many rounds as models, each model is measured once in
 * every position, so whatever favours a position (a JVM still warming, a heap filled by the runs before) is
 * spread evenly; a model's line is then its median round, so one round disturbed by a busy machine does not
 * decide it. Pure: the load and the sweep use the same rule.
 */
public final class MeasurementOrder {
  private MeasurementOrder() {
  }

  /** The order of each of {@code rounds} rounds (1 or more) over {@code items} (distinct, at least one). */
  public static <T> List<List<T>> rounds(List<T> items, int rounds) {
    Checks.require(!items.isEmpty(), "nothing to measure");
    Checks.require(new HashSet<>(items).size() == items.size(), "each model may be named once, got " + items);
    Checks.range("rounds", rounds, 1, 100);
    List<List<T>> order = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      List<T> round = new ArrayList<>(items);
      Collections.rotate(round, -(r % items.size()));
      order.add(List.copyOf(round));
    }
    return List.copyOf(order);
  }

  /**
   * The order of the shared warm-up before {@code rounds}: the first round's, backwards, so that the model measured
   * first is the one warmed up last, straight before its run, and the ones measured later, warmed up earlier, have
   * the runs before theirs to keep their JVMs warm.
   */
  public static <T> List<T> warmupOrder(List<List<T>> rounds) {
    List<T> order = new ArrayList<>(rounds.get(0));
    Collections.reverse(order);
    return List.copyOf(order);
  }

  /**
   * The index of the median of {@code values} (one per round): the middle one once sorted; of an even count, the
   * lower of the two middle ones (the less flattering). Equal values are ranked by round, so the pick is
   * the same every time.
   */
  public static int medianIndex(List<Double> values) {
    Checks.require(!values.isEmpty(), "no round to take the median of");
    List<Integer> sorted = IntStream.range(0, values.size()).boxed()
        .sorted(Comparator.<Integer>comparingDouble(values::get).thenComparing(Comparator.naturalOrder()))
        .toList();
    return sorted.get((values.size() - 1) / 2);
  }
}
