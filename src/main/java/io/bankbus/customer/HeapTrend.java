package io.bankbus.customer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Whether one process's heap after full GCs stayed flat through a long run: the rule a soak is judged by.
 * Samples before {@code steadyFromSeconds} are shown but not judged: until the dedup window has passed once,
 * the bank's memory is supposed to grow (it is filling the window). Of the judged samples, the median of the
 * last third may exceed the median of the first third by at most 10 % plus 8 MB (noise of a collector that
 * keeps some floating garbage); more is growth. Fewer than six judged samples: too short to say.
 *
 * <p>A bank node's memory is bounded by the operations of one dedup window, not by a constant: a node that
 * serves more holds more (ids, journal entries, the follower's copy). So where a sample says how many operations
 * the bank acknowledged within the window before it ({@link Sample#windowOps}), the allowance grows with that
 * count: a heap whose last third grew by as much as its window's operations did, plus the 10 % and 8 MB, is
 * flat. Without that, a soak whose served rate drifted (seen: 1,000-1,400 visits a second early in a CI run,
 * 1,900-2,500 at its end, heap 64 to 86 MB with it) was judged growing while it held exactly one window.
 *
 * @param process a node's short id, or "load" for the customers' process
 */
public record HeapTrend(String process, List<Sample> samples, double steadyFromSeconds) {
  /** The name of the customers' process among the samples. */
  public static final String LOAD_PROCESS = "load";
  static final int MIN_JUDGED = 6;
  static final double ALLOWED_GROWTH = 0.10;
  static final double ALLOWED_NOISE_MB = 8;

  /**
   * Heap used after a full GC, {@code atSeconds} into the run, and the operations the bank acknowledged in the
   * dedup window before it ({@code windowOps}), or -1 where they do not bear on this process's heap (the customers'
   * process holds no window).
   */
  public record Sample(double atSeconds, double usedMb, long windowOps) {
    public Sample(double atSeconds, double usedMb) {
      this(atSeconds, usedMb, -1);
    }
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
    double[] mb = thirds();
    return mb[1] <= mb[0] * (1 + ALLOWED_GROWTH) * windowGrowth() + ALLOWED_NOISE_MB ? Verdict.FLAT : Verdict.GROWING;
  }

  /**
   * How much the window's operations grew from the first to the last third of the judged samples (median over
   * median), at least 1; 1 where a sample does not say, or the first third's window was empty.
   */
  public double windowGrowth() {
    double[] ops = windowThirds();
    return ops[0] > 0 && ops[1] > ops[0] ? ops[1] / ops[0] : 1;
  }

  /** Median window operations of the first and of the last third of the judged samples; NaN where unknown. */
  public double[] windowThirds() {
    return judged().stream().anyMatch(x -> x.windowOps() < 0) ? new double[] {Double.NaN, Double.NaN}
        : thirds(Sample::windowOps);
  }

  /** Median of the first and of the last third of the judged samples, MB; NaN when too short. */
  public double[] thirds() {
    return thirds(Sample::usedMb);
  }

  private double[] thirds(ToDoubleFunction<Sample> value) {
    List<Sample> judged = judged();
    if (judged.size() < MIN_JUDGED) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int third = judged.size() / 3;
    return new double[] {median(judged.subList(0, third), value),
        median(judged.subList(judged.size() - third, judged.size()), value)};
  }

  private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
    List<Double> sorted = new ArrayList<>(samples.stream().map(x -> value.applyAsDouble(x)).toList());
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
