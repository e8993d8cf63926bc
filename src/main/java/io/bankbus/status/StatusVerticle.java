package io.bankbus.status;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Once a second, asks this node's branches and cashiers how they are (node-local requests: the status is
 * gathered by message passing like everything else), adds the meters' rolling figures, and publishes it all on
 * {@value Addresses#STATUS} for the live page of any node. Also notes when nodes join or leave, and counts the
 * audits load runs report on {@value Addresses#AUDITS}.
 *
 * <p>Published: {@code {"node", "at", "members": [...], "events": [{"at", "kind": "joined"|"left", "node"}],
 * "models": [{"model", "branch", "waiting", "tickets": [{"ticket", "waitedMs", "customer"?}], "cashiers": [{"cashier",
 * "busy", "visitId"?, "ticket"?, "operations"?, "servingMs"?}], "opsPerSecond", "queueWaitP99Ms",
 * "serviceP99Ms", "operationsTotal", "throughput": [[atMs, opsPerSecond], ...]}]}}; figures cover about the last
 * minute, except {@code operationsTotal}: the operations this node's cashiers of that model answered since it
 * started. {@code throughput} is the same minute second by second (oldest first): the rate between one status and
 * the one before, stamped with this node's clock, for the live page's chart.
 */
public final class StatusVerticle extends VerticleBase {
  private static final long PERIOD_MS = 1_000;
  private static final int EVENTS_KEPT = 20;
  private static final long WINDOW_MS = 60_000;

  private final String nodeId;
  private final Map<BankModel, List<String>> cashiers;
  private final String branchId;
  private final BankMetrics metrics;
  private final Supplier<Set<String>> members;
  private final Set<String> known = new HashSet<>();
  private final ArrayDeque<JsonObject> events = new ArrayDeque<>();
  private final Map<BankModel, ArrayDeque<double[]>> totals = new ConcurrentHashMap<>();
  private long timer = -1;
  private boolean asking;

  /**
   * @param cashiers per model this node serves, the ids of its cashiers (empty if it runs no branch)
   */
  public StatusVerticle(String nodeId, String branchId, Map<BankModel, List<String>> cashiers, BankMetrics metrics,
                        Supplier<Set<String>> members) {
    this.nodeId = nodeId;
    this.branchId = branchId;
    this.cashiers = Map.copyOf(cashiers);
    this.metrics = metrics;
    this.members = members;
  }

  @Override
  public Future<?> start() {
    known.addAll(members.get());
    timer = vertx.setPeriodic(PERIOD_MS, t -> publish());
    return vertx.eventBus().consumer(Addresses.AUDITS, this::onAudit).completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** {@code {"model", "passed"}} from a load run. A malformed report is refused (or, published, dropped). */
  private void onAudit(Message<Object> message) {
    try {
      JsonObject body = JsonFields.body(message.body());
      BankModel model = BankModel.ofWire(JsonFields.string(body, "model"));
      Object passed = JsonFields.require(body, "passed");
      if (!(passed instanceof Boolean ok)) {
        throw BankError.INVALID_FIELD.exception("field 'passed' must be true or false, got " + passed);
      }
      metrics.audited(model, ok);
      message.reply(new JsonObject().put("counted", true));
    } catch (IllegalArgumentException unknownModel) {
      BankError.INVALID_FIELD.fail(message, "field 'model' names no model: " + unknownModel.getMessage());
    } catch (BankException refused) {
      refused.replyTo(message);
    }
  }

  private void publish() {
    noteMembership();
    if (asking) {
      return;                                      // a slow node skips a beat rather than piling up requests
    }
    asking = true;
    List<Future<JsonObject>> models = new ArrayList<>();
    for (Map.Entry<BankModel, List<String>> served : cashiers.entrySet()) {
      models.add(modelStatus(served.getKey(), served.getValue()));
    }
    Future.join(models).onComplete(all -> {
      asking = false;
      JsonArray list = new JsonArray();
      models.stream().filter(Future::succeeded).map(Future::result).forEach(list::add);
      JsonObject status = new JsonObject().put("node", nodeId).put("at", System.currentTimeMillis())
          .put("members", new JsonArray(new ArrayList<>(new TreeSet<>(known))))
          .put("events", new JsonArray(new ArrayList<>(events))).put("models", list);
      vertx.eventBus().publish(Addresses.STATUS, status);
    });
  }

  private Future<JsonObject> modelStatus(BankModel model, List<String> ids) {
    DeliveryOptions quick = new DeliveryOptions().setSendTimeout(PERIOD_MS);
    Future<JsonObject> branch = vertx.eventBus().<JsonObject>request(Addresses.branchStatus(model, branchId),
        new JsonObject(), quick).map(reply -> reply.body());
    List<Future<JsonObject>> asked = new ArrayList<>();
    for (String id : ids) {
      asked.add(vertx.eventBus().<JsonObject>request(Addresses.cashierStatus(model, id), new JsonObject(), quick)
          .map(reply -> reply.body()));
    }
    return Future.join(branch, Future.join(asked)).transform(done -> {
      BankMetrics.ModelMeters meters = metrics.of(model);
      JsonArray desks = new JsonArray();
      asked.stream().filter(Future::succeeded).map(Future::result).forEach(desks::add);
      JsonObject room = branch.succeeded() ? branch.result() : new JsonObject().put("waiting", 0)
          .put("tickets", new JsonArray());
      return Future.succeededFuture(new JsonObject().put("model", model.wire()).put("branch", branchId)
          .put("waiting", room.getInteger("waiting")).put("tickets", room.getJsonArray("tickets"))
          .put("cashiers", desks).put("opsPerSecond", opsPerSecond(model, meters.operationsTotal()))
          .put("throughput", throughput(model))
          .put("operationsTotal", (long) meters.operationsTotal())
          .put("queueWaitP99Ms", round(meters.queueWaitP99Ms())).put("serviceP99Ms", round(meters.serviceP99Ms())));
    });
  }

  /** Operations per second over the last minute (or since the node started, if younger). */
  private double opsPerSecond(BankModel model, double total) {
    long now = System.currentTimeMillis();
    ArrayDeque<double[]> samples = totals.computeIfAbsent(model, m -> new ArrayDeque<>());
    samples.addLast(new double[] {now, total});
    while (samples.size() > 2 && samples.peekFirst()[0] < now - WINDOW_MS) {
      samples.pollFirst();
    }
    double[] oldest = samples.peekFirst();
    double seconds = (now - oldest[0]) / 1000.0;
    return seconds <= 0 ? 0 : round((total - oldest[1]) / seconds);
  }

  /** The samples {@link #opsPerSecond} keeps, as the rate between each and the one before: the last minute. */
  private JsonArray throughput(BankModel model) {
    JsonArray series = new JsonArray();
    double[] previous = null;
    for (double[] sample : totals.getOrDefault(model, new ArrayDeque<>())) {
      if (previous != null && sample[0] > previous[0]) {
        series.add(new JsonArray().add((long) sample[0]).add(round((sample[1] - previous[1]) * 1000 / (sample[0] - previous[0]))));
      }
      previous = sample;
    }
    return series;
  }

  private void noteMembership() {
    Set<String> now = members.get();
    for (String node : now) {
      if (known.add(node)) {
        event("joined", node);
      }
    }
    for (String node : new ArrayList<>(known)) {
      if (!now.contains(node)) {
        known.remove(node);
        event("left", node);
      }
    }
  }

  private void event(String kind, String node) {
    events.addLast(new JsonObject().put("at", System.currentTimeMillis()).put("kind", kind).put("node", node));
    while (events.size() > EVENTS_KEPT) {
      events.pollFirst();
    }
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
