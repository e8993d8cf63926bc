package io.bankbus.report;

import io.bankbus.customer.PartitionPlan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code partition} object of a run in report.json, and its line under the table (docs/load-and-report.md):
 * {@code events} (the cut and the heal, seconds into the measured phase), {@code sides}, {@code answersWhileApart}
 * (every answer customers got between cut and heal, by kind: OK, a bank error's name, NO_REPLY, NO_HANDLER),
 * {@code wholeAfterSeconds} and {@code fullServiceAfterSeconds} (from the heal; {@code null}: not within the run),
 * {@code unavailableSeconds} (whole seconds from the cut on in which no customer operation succeeded),
 * {@code apartNodes} (the nodes the load lost sight of), {@code ledgerAnsweredApart} (message passing: what
 * those nodes' shard owners answered from 1 s after the cut to the heal, by their own count; must be 0),
 * {@code failure} ({@code null} unless the cut or heal could not be done).
 */
final class PartitionReport {
  private PartitionReport() {
  }

  static JsonObject json(PartitionPlan.Outcome p) {
    if (p == null) {
      return null;
    }
    JsonArray events = new JsonArray();
    if (!Double.isNaN(p.cutAtSeconds())) {
      events.add(new JsonObject().put("atSeconds", round(p.cutAtSeconds())).put("kind", "partition"));
    }
    if (!Double.isNaN(p.healAtSeconds())) {
      events.add(new JsonObject().put("atSeconds", round(p.healAtSeconds())).put("kind", "heal"));
    }
    JsonObject answers = new JsonObject();
    p.answersWhileApart().forEach(answers::put);
    return new JsonObject().put("events", events).put("sides", p.sides()).put("answersWhileApart", answers)
        .put("wholeAfterSeconds", p.wholeAfterSeconds() == null ? null : round(p.wholeAfterSeconds()))
        .put("fullServiceAfterSeconds", p.fullServiceAfterSeconds() == null ? null : round(p.fullServiceAfterSeconds()))
        .put("unavailableSeconds", p.unavailableSeconds())
        .put("apartNodes", new JsonArray(p.apartNodes()))
        .put("ledgerAnsweredApart", p.ledgerAnsweredApart())
        .put("failure", p.failure());
  }

  /** One line for a run with a partition, or "" for one without. */
  static String line(JsonObject run) {
    JsonObject p = run.getJsonObject("partition");
    if (p == null) {
      return "";
    }
    String model = run.getString("model");
    if (p.getString("failure") != null) {
      return model + ": PARTITION NOT DONE AS ASKED: " + p.getString("failure") + "\n";
    }
    JsonArray events = p.getJsonArray("events");
    String answers = p.getJsonObject("answersWhileApart").stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "%s: partition at %.1f s (%s), heal at %.1f s; answers while apart: %s;"
            + " %d s with no success; whole again %s, full service %s after the heal%s%n", model,
        events.getJsonObject(0).getDouble("atSeconds"), p.getString("sides"),
        events.size() > 1 ? events.getJsonObject(1).getDouble("atSeconds") : Double.NaN,
        answers.isEmpty() ? "none" : answers, p.getInteger("unavailableSeconds"), seconds(p.getDouble("wholeAfterSeconds")),
        seconds(p.getDouble("fullServiceAfterSeconds")), apart(p));
  }

  /**
   * One row per run that had a partition, the figures a partition is judged by: acknowledged (succeeded
   * operations), failed (outcome unknown to the customer), lost updates, operations applied twice, accounts off
   * and cents off (the bank's total minus what acknowledged operations make it), whole seconds with no success,
   * what the cut-off nodes' ledger owners answered while apart (message passing), and when the bank was whole
   * again. "" if no run had one.
   */
  static String table(JsonArray runs) {
    StringBuilder out = new StringBuilder();
    for (Object o : runs) {
      JsonObject run = (JsonObject) o;
      JsonObject p = run.getJsonObject("partition");
      if (p == null || p.getString("failure") != null) {
        continue;
      }
      if (out.length() == 0) {
        out.append(String.format(Locale.ROOT, "%-22s %12s %7s %6s %6s %6s %10s %11s %12s %8s%n", "partition: model",
            "acknowledged", "failed", "lost", "twice", "off", "cents", "no success", "apart ansd", "whole"));
      }
      JsonObject ops = run.getJsonObject("operations");
      JsonObject audit = run.getJsonObject("audit");
      Long lost = audit.getLong("lostUpdates");
      Long answered = p.getLong("ledgerAnsweredApart");
      Double whole = p.getDouble("wholeAfterSeconds");
      out.append(String.format(Locale.ROOT, "%-22s %12d %7d %6s %6d %6d %+10d %10ds %12s %8s%n", run.getString("model"),
          ops.getLong("succeeded"), ops.getLong("failed"), lost == null ? "?" : lost.toString(),
          audit.getLong("duplicateApplications"), audit.getLong("accountsOff"),
          audit.getLong("actualTotal") - audit.getLong("expectedTotal"), p.getInteger("unavailableSeconds"),
          answered == null ? "-" : answered.toString(),
          whole == null ? "-" : String.format(Locale.ROOT, "%.1f s", whole)));
    }
    return out.toString();
  }

  /** What the cut-off side's shard owners answered, where known. */
  private static String apart(JsonObject p) {
    Long answered = p.getLong("ledgerAnsweredApart");
    JsonArray nodes = p.getJsonArray("apartNodes", new JsonArray());
    if (answered == null) {
      return "";
    }
    return String.format(Locale.ROOT, "; the %d node%s cut off answered %d ledger operation%s while apart%s",
        nodes.size(), nodes.size() == 1 ? "" : "s", answered, answered == 1 ? "" : "s",
        answered == 0 ? " (a minority acknowledges nothing)" : " (A MINORITY MUST ACKNOWLEDGE NOTHING)");
  }

  private static String seconds(Double s) {
    return s == null ? "not within the run" : String.format(Locale.ROOT, "%.1f s", s);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
