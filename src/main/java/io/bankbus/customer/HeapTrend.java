package io.bankbus.customer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether one process's heap after full GCs stayed flat through a long run: the rule a soak is judged by.
 * Samples before {@code steadyFromSeconds} are shown but not judged: until the dedup window has passed once,
 * the bank's memory is supposed to grow (it is filling the window). Of the judged samples, the median of the
 * last third may exceed the median of the first third by at most 10 % plus 8 MB (noise of a collector that
 * keeps some floating garbage); more is growth. Fewer than six judged samples: too short to say.
 *
 * @param process a node's short id, or "load" for the customers' process
 */
public record HeapTrend(String process, List<Sample> samples, double steadyFromSeconds) {
  /** The name of the customers' process among the samples. */
  public static final String LOAD_PROCESS = "load";
  static final int MIN_JUDGED = 6;
  static final double ALLOWED_GROWTH = 0.10;
  static final double ALLOWED_NOISE_MB = 8;

  /** Heap used after a full GC, {@code atSeconds} into the run. */
  public record Sample(double atSeconds, double usedMb) {
  }

  /** The verdict. */
  public enum Verdict {
    FLAT, GROWING, TOO_SHORT;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public HeapTrend {
    samples = List.copyOf(samples);
  }

  public List<Sample> judged() {
    return samples.stream().filter(s -> s.atSeconds() >= steadyFromSeconds).toList();
  }

  public Verdict verdict() {
    List<Sample> judged = judged();
    if (judged.size() < MIN_JUDGED) {
      return Verdict.TOO_SHORT;
    }
    int third = judged.size() / 3;
    double first = median(judged.subList(0, third));
    double last = median(judged.subList(judged.size() - third, judged.size()));
    return last <= first * (1 + ALLOWED_GROWTH) + ALLOWED_NOISE_MB ? Verdict.FLAT : Verdict.GROWING;
  }

  /** Median of the first and of the last third of the judged samples, MB; NaN when too short. */
  public double[] thirds() {
    List<Sample> judged = judged();
    if (judged.size() < MIN_JUDGED) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int third = judged.size() / 3;
    return new double[] {median(judged.subList(0, third)), median(judged.subList(judged.size() - third, judged.size()))};
  }

  private static double median(List<Sample> samples) {
    List<Double> sorted = new ArrayList<>(samples.stream().map(Sample::usedMb).toList());
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
