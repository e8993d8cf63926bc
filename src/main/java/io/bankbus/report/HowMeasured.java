package io.bankbus.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a load was measured, in a sentence, from report.json's {@code measured}: printed and placed in report.html. */
public final class HowMeasured {
  private HowMeasured() {
  }

  /** The sentence, or {@code null} for a report without {@code measured} (written before it existed). */
  public static String text(JsonObject report) {
    JsonObject measured = report.getJsonObject("measured");
    if (measured == null) {
      return null;
    }
    double warmup = measured.getDouble("warmupSeconds", 0.0);
    double own = measured.getDouble("modelWarmupSeconds", 0.0);
    JsonArray order = measured.getJsonArray("order", new JsonArray());
    int rounds = measured.getInteger("rounds", order.size());
    JsonArray runs = report.getJsonArray("runs", new JsonArray());
    double seconds = runs.isEmpty() ? 0 : ((JsonObject) runs.getValue(0)).getDouble("durationSeconds", 0.0);
    StringBuilder text = new StringBuilder("Measured: ");
    if (warmup > 0) {
      text.append(String.format(Locale.ROOT, "after one unmeasured warm-up of every model in turn (the first measured"
          + " last), %s s each, on every JVM, ", number(warmup)));
    } else {
      text.append("with no shared warm-up (the first model measured ran on cold JVMs, which favours the later ones), ");
    }
    text.append(String.format(Locale.ROOT, "each model in turn (%s s of its own warm-up, then about %s s measured)",
        number(own), number(seconds)));
    if (rounds <= 1) {
      text.append(", in the order ").append(orderOf(order, 0)).append('.');
    } else {
      List<String> each = new ArrayList<>();
      for (int r = 0; r < order.size(); r++) {
        each.add(orderOf(order, r));
      }
      text.append(String.format(Locale.ROOT, ", in %d rounds, the order rotated each round (%s); each line is the"
          + " model's median round by throughput.", rounds, String.join("; ", each)));
    }
    rehearsal(measured).ifPresent(r -> text.append(" A rehearsal kill came first (").append(r)
        .append("), so the survivors of the measured kill had been through a takeover before it."));
    return text.toString();
  }

  /**
   * With more than one round, a line per model: its throughput in each round, with its position in that round
   * and which round its line reports ("message-passing ops/s by round (position): 2,651 (1), 3,974 (3, reported),
   * 7,344 (2)"); none with one round.
   */
  public static List<String> roundLines(JsonObject report) {
    List<String> lines = new ArrayList<>();
    for (Object o : report.getJsonArray("runs", new JsonArray())) {
      JsonObject run = (JsonObject) o;
      JsonArray rounds = run.getJsonArray("measuredRounds", new JsonArray());
      if (rounds.size() < 2) {
        continue;
      }
      List<String> each = new ArrayList<>();
      for (Object r : rounds) {
        JsonObject round = (JsonObject) r;
        each.add(String.format(Locale.ROOT, "%,.0f (%d%s)", round.getDouble("throughputOpsPerSecond"),
            round.getInteger("position"), round.getBoolean("reported", false) ? ", reported" : ""));
      }
      lines.add(run.getString("model") + " ops/s by round (position): " + String.join(", ", each));
    }
    return lines;
  }

  /** The line printed after the warm-up: how long, which models, and their audits. */
  public static String warmupLine(JsonObject measured) {
    List<String> audits = new ArrayList<>();
    List<String> models = new ArrayList<>();
    for (Object o : measured.getJsonArray("warmup", new JsonArray())) {
      JsonObject w = (JsonObject) o;
      models.add(w.getString("model"));
      Long lost = w.getLong("lostUpdates");
      audits.add(w.getString("model") + " " + (w.getBoolean("passed") ? "passed"
          : "failed" + (lost == null ? "" : " (" + lost + " lost updates)")));
    }
    return String.format(Locale.ROOT, "Warm-up: %s s each of %s, on every JVM, unmeasured; audits: %s%s",
        number(measured.getDouble("warmupSeconds", 0.0)), String.join(", ", models), String.join(", ", audits),
        rehearsal(measured).map(r -> "; rehearsal: " + r).orElse(""));
  }

  /**
   * The warm-up's rehearsal kill ({@code --rehearse-kill}): "node-4 killed 10 s into the message-passing warm-up,
   * back to 80 % after 6 s"; empty without one.
   */
  static Optional<String> rehearsal(JsonObject measured) {
    for (Object o : measured.getJsonArray("warmup", new JsonArray())) {
      JsonObject w = (JsonObject) o;
      JsonObject kill = w.getJsonObject("rehearsal");
      if (kill != null) {
        Double back = kill.getDouble("recoverySeconds");
        return Optional.of(String.format(Locale.ROOT, "%s killed %s s into the %s warm-up, %s", kill.getString("node"),
            number(kill.getDouble("atSeconds")), w.getString("model"),
            back == null ? "not back to 80 % by the warm-up's end" : "back to 80 % after " + number(back) + " s"));
      }
    }
    return Optional.empty();
  }

  private static String orderOf(JsonArray order, int round) {
    if (round >= order.size()) {
      return "as given";
    }
    List<String> models = new ArrayList<>();
    order.getJsonArray(round).forEach(m -> models.add(m.toString()));
    return String.join(", ", models);
  }

  /** Seconds to a tenth, without a trailing ".0": 15.012 is "15", 2.5 is "2.5". */
  static String number(double v) {
    String tenth = String.format(Locale.ROOT, "%.1f", v);
    return tenth.endsWith(".0") ? tenth.substring(0, tenth.length() - 2) : tenth;
  }
}
