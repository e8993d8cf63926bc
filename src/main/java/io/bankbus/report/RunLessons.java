package io.bankbus.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * "What this run shows": the lesson of a load, written from the figures of report.json, never canned: what the
 * unlocked model lost, what the lock cost, message passing against shared state, each fault, each audit. Where a
 * figure contradicts the expected lesson (message passing slower, nothing lost without a lock), it says so
 * plainly. Models that did not run are left out of the comparisons, and the text says which. Pure.
 */
public final class RunLessons {
  static final String MP = "message-passing";
  static final String SS = "shared-state";
  static final String US = "unlocked-shared-state";

  private RunLessons() {
  }

  /** One model's line of the report, as the sentences use it. */
  private record Line(String model, double ops, double p99, JsonObject run) {
    JsonObject audit() {
      return run.getJsonObject("audit", new JsonObject());
    }
  }

  /** The sentences, in the order they are printed. */
  public static List<String> sentences(JsonObject report) {
    Map<String, Line> lines = new LinkedHashMap<>();
    for (Object o : report.getJsonArray("runs", new JsonArray())) {
      JsonObject run = (JsonObject) o;
      lines.put(run.getString("model"), new Line(run.getString("model"), run.getDouble("throughputOpsPerSecond", 0.0),
          run.getJsonObject("latencyMs", new JsonObject()).getDouble("p99", 0.0), run));
    }
    List<String> out = new ArrayList<>();
    if (lines.isEmpty()) {
      out.add("No model ran: there is nothing to show.");
      return out;
    }
    if (lines.values().stream().anyMatch(l -> l.run().getValue("arrivalsPerSecond") != null)) {
      out.add("These runs were open loop: a model that keeps up serves what arrives, so throughput tells the models"
          + " apart only where one fell behind; the p99 shows the difference.");
    }
    Line mp = lines.get(MP);
    Line ss = lines.get(SS);
    Line us = lines.get(US);
    if (us != null) {
      out.add(unlocked(us));
    }
    if (ss != null && us != null) {
      out.add(lockCost(ss, us));
    }
    if (mp != null && (ss != null || us != null)) {
      out.add(messagePassing(mp, ss != null ? ss : us, ss != null));
      if (ss != null && us != null) {
        out.add(mp.ops() >= us.ops()
            ? String.format(Locale.ROOT, "Message passing also served %s what shared state served without a lock"
                + " (%s ops/s), which gave wrong results.", times(mp.ops(), us.ops()), ops(us.ops()))
            : String.format(Locale.ROOT, "Shared state without a lock served more than message passing (%s against %s"
                + " ops/s), but lost updates doing it.", ops(us.ops()), ops(mp.ops())));
      }
    }
    List<String> missing = new ArrayList<>();
    for (String model : List.of(MP, SS, US)) {
      if (!lines.containsKey(model)) {
        missing.add(model);
      }
    }
    if (!missing.isEmpty()) {
      out.add(lines.size() == 1
          ? "Only " + lines.keySet().iterator().next() + " ran, so there is nothing to compare it with (not run: "
              + String.join(", ", missing) + ")."
          : "Not run: " + String.join(", ", missing) + "; the comparisons with " + (missing.size() == 1 ? "it" : "them")
              + " are left out.");
    }
    lines.values().forEach(line -> warming(line).ifPresent(out::add));
    lines.values().forEach(line -> faults(line, out));
    lines.values().forEach(line -> out.add(audit(line)));
    return out;
  }

  /**
   * A model whose last third of measured seconds served at least {@value #STILL_WARMING} times its first third was
   * measured while its JVMs were still compiling its code paths (a warm-up's worth of JIT depends on how busy the
   * machine is: docs/load-and-report.md), so its line is low, and the text says so.
   * Not judged for a run with a fault or a partition (its dip is in the middle, on purpose) or open loop (its
   * arrivals are fixed), nor for fewer than 6 measured seconds.
   */
  static final double STILL_WARMING = 1.25;

  private static Optional<String> warming(Line line) {
    JsonArray seconds = line.run().getJsonArray("answeredPerSecond");
    JsonObject partition = line.run().getJsonObject("partition");
    if (seconds == null || seconds.size() < 6 || !line.run().getJsonArray("faults", new JsonArray()).isEmpty()
        || partition != null || line.run().getValue("arrivalsPerSecond") != null) {
      return Optional.empty();
    }
    int third = seconds.size() / 3;
    double first = 0;
    double last = 0;
    for (int i = 0; i < third; i++) {
      first += ((Number) seconds.getValue(i)).doubleValue();
      last += ((Number) seconds.getValue(seconds.size() - 1 - i)).doubleValue();
    }
    first /= third;
    last /= third;
    if (last <= 0 || (first > 0 && last < STILL_WARMING * first)) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "%s was still speeding up while it was measured: %s ops/s"
        + " in its first %d s, %s in its last %d s (%s), so its JVMs were not yet warm and its figures are low; a"
        + " longer --jit-warmup measures it warm (scripts/bench.sh warms every model for 20 s).", line.model(),
        ops(first), third, ops(last), third, times(last, first)));
  }

  /** "What this run shows:" and the sentences, one a line, for the terminal. */
  public static String text(JsonObject report) {
    StringBuilder text = new StringBuilder("What this run shows:\n");
    sentences(report).forEach(s -> text.append("  - ").append(s).append('\n'));
    return text.toString();
  }

  /** The section at the top of report.html: how it was measured, then the sentences. */
  public static String html(JsonObject report) {
    StringBuilder html = new StringBuilder("<section id=\"lessons\"><h2>What this run shows</h2>\n");
    String measured = HowMeasured.text(report);
    if (measured != null) {
      html.append("<p class=\"measured\">").append(HtmlReport.escape(measured));
      HowMeasured.roundLines(report).forEach(line -> html.append("<br>").append(HtmlReport.escape(line)));
      html.append("</p>\n");
    }
    html.append("<ul>\n");
    sentences(report).forEach(s -> html.append("<li>").append(HtmlReport.escape(s)).append("</li>\n"));
    return html.append("</ul></section>\n").toString();
  }

  private static String unlocked(Line us) {
    JsonObject a = us.audit();
    long missing = a.getLong("expectedTotal", 0L) - a.getLong("actualTotal", 0L);
    Long lost = a.getLong("lostUpdates");
    if (a.getBoolean("passed", false)) {
      return String.format(Locale.ROOT, "Without a lock, shared state lost nothing in this run (%s ops/s): no two"
          + " cashiers happened to update one account at once. That contradicts the expected lesson; it was luck, not"
          + " safety, since nothing stopped them.", ops(us.ops()));
    }
    String money = missing > 0 ? money(missing) + " went missing from the bank"
        : missing < 0 ? money(-missing) + " appeared that no customer deposited"
        : "the total happened to balance, but accounts were wrong";
    if (lost == null) {
      return String.format(Locale.ROOT, "Without a lock, %d accounts ended with balances other than what their"
          + " customers were told, and %s.", a.getInteger("accountsOff", 0), money);
    }
    return String.format(Locale.ROOT, "Without a lock, shared state lost %,d updates its customers were told had"
        + " succeeded, and %s: two cashiers read the same balance and the later write overwrote the earlier.",
        lost, money);
  }

  private static String lockCost(Line ss, Line us) {
    String latency = ss.p99() > us.p99()
        ? String.format(Locale.ROOT, "its p99 visit rose from %s to %s ms (%s)", ms(us.p99()), ms(ss.p99()),
            times(ss.p99(), us.p99()))
        : String.format(Locale.ROOT, "its p99 visit was no longer with the lock (%s ms against %s ms)", ms(ss.p99()),
            ms(us.p99()));
    if (ss.ops() < us.ops()) {
      return String.format(Locale.ROOT, "The lock cost shared state %.0f %% of its throughput (%s ops/s with it, %s"
          + " without); %s.", 100 * (1 - ss.ops() / us.ops()), ops(ss.ops()), ops(us.ops()), latency);
    }
    return String.format(Locale.ROOT, "The lock cost shared state no throughput in this run: %s ops/s with it against"
        + " %s without, which contradicts the expected lesson (cashiers waiting for each other's locks should serve"
        + " less); %s.", ops(ss.ops()), ops(us.ops()), latency);
  }

  private static String messagePassing(Line mp, Line other, boolean locked) {
    String against = locked ? "locked shared state" : "unlocked shared state";
    String latency = mp.p99() <= other.p99()
        ? String.format(Locale.ROOT, "with a p99 visit of %s ms against %s ms (%s shorter)", ms(mp.p99()),
            ms(other.p99()), times(other.p99(), mp.p99()))
        : String.format(Locale.ROOT, "but its p99 visit was longer, %s ms against %s ms, which contradicts the"
            + " expected lesson", ms(mp.p99()), ms(other.p99()));
    if (mp.ops() > other.ops()) {
      return String.format(Locale.ROOT, "Message passing, which needs no lock, served %s what %s did (%s against %s"
          + " ops/s), %s.", times(mp.ops(), other.ops()), against, ops(mp.ops()), ops(other.ops()), latency);
    }
    return String.format(Locale.ROOT, "Message passing was SLOWER than %s in this run: %s against %s ops/s (%s),"
        + " which contradicts the expected lesson; %s.", against, ops(mp.ops()), ops(other.ops()),
        times(mp.ops(), other.ops()), latency.replaceFirst("^(with|but) ", ""));
  }

  private static void faults(Line line, List<String> out) {
    for (Object f : line.run().getJsonArray("faults", new JsonArray())) {
      JsonObject fault = (JsonObject) f;
      Double recovery = line.run().getDouble("recoverySeconds");
      boolean passed = line.audit().getBoolean("passed", false);
      out.add(String.format(Locale.ROOT, "%s: node %s %s %.1f s into measuring; throughput %s; %,d retries; %s.",
          line.model(), fault.getString("node"), "kill".equals(fault.getString("kind")) ? "killed" : "stopped",
          fault.getDouble("atSeconds", 0.0), recovery == null ? "not back to 80 % within the run"
              : String.format(Locale.ROOT, "back to 80 %% after %.0f s", recovery),
          line.run().getLong("retries", 0L), passed ? "the audit still passed: nothing acknowledged was lost"
              : "the audit failed"));
    }
  }

  private static String audit(Line line) {
    JsonObject a = line.audit();
    boolean balances = "balances".equals(a.getString("mode"));
    String how = balances ? " (checked per account: the run outlasted the dedup window)" : "";
    long failed = line.run().getJsonObject("operations", new JsonObject()).getLong("failed", 0L);
    String failures = failed == 0 ? "" : String.format(Locale.ROOT, "; %,d operations failed (no answer in time)",
        failed);
    Long lost = a.getLong("lostUpdates");
    if (a.getBoolean("passed", false)) {
      return String.format(Locale.ROOT, "Audit of %s: passed%s: the money adds up (%s in all, as the acknowledged"
          + " operations say), every acknowledged operation applied once, no negative balance%s.", line.model(), how, money(a.getLong("actualTotal", 0L)), failures);
    }
    String findings = String.format(Locale.ROOT, "expected %s, found %s; %s lost updates, %d duplicates, %d negative"
        + " balances, %d accounts off", money(a.getLong("expectedTotal", 0L)), money(a.getLong("actualTotal", 0L)),
        lost == null ? "uncounted" : String.format(Locale.ROOT, "%,d", lost), a.getInteger("duplicateApplications", 0),
        a.getInteger("negativeBalances", 0), a.getInteger("accountsOff", 0));
    if (US.equals(line.model())) {
      return "Audit of " + US + ": failed, as expected without a lock" + how + ": " + findings + failures + ".";
    }
    return "Audit of " + line.model() + ": FAILED" + how + ": " + findings + failures
        + "; this model promises every acknowledged operation exactly once.";
  }

  /** "2.4 times" or "0.45 times": {@code a / b}, or "an unknown share" if {@code b} is zero. */
  static String times(double a, double b) {
    if (b <= 0) {
      return "an unknown multiple (nothing to divide by)";
    }
    double r = a / b;
    return String.format(Locale.ROOT, r < 1 ? "%.2f times" : "%.1f times", r);
  }

  private static String ops(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v);
  }

  /** Cents as money: 419408 is "4,194.08". */
  static String money(long cents) {
    return String.format(Locale.ROOT, "%s%,d.%02d", cents < 0 ? "-" : "", Math.abs(cents) / 100, Math.abs(cents) % 100);
  }
}
