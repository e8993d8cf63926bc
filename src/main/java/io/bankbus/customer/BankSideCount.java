package io.bankbus.customer;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * What the bank's cashiers served for one model while a run measured, counted by the bank: every customer, this
 * load's and any other (bridge customers, the live page's visitors). Read from the status every node publishes
 * once a second ({@link Addresses#STATUS}: per model, the node's {@code operationsTotal}); per node, the change
 * between its first and last status inside the measured phase. The figure misses up to a second at each end.
 */
public final class BankSideCount {
  /** The operations a node's cashiers had answered, and when. */
  private record Sample(long atMs, long total) {
  }

  /** A count: operations the cashiers answered, over the seconds between first and last status. */
  public record Result(long operations, double seconds) {
    public double opsPerSecond() {
      return seconds > 0 ? operations / seconds : 0;
    }
  }

  private final BankModel model;
  private final Map<String, Sample> first = new HashMap<>();
  private final Map<String, Sample> last = new HashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private volatile boolean counting;

  BankSideCount(BankModel model) {
    this.model = model;
  }

  /** Listens to the nodes' status. */
  Future<Void> listen(Vertx vertx) {
    consumer = vertx.eventBus().consumer(Addresses.STATUS, message -> {
      if (message.body() != null) {
        sample(message.body());
      }
    });
    return consumer.completion();
  }

  void begin() {
    counting = true;
  }

  /** Stops counting and listening; the count, or {@code null} if no node reported twice while it counted. */
  synchronized Future<Result> end() {
    counting = false;
    long operations = 0;
    long seconds = 0;
    for (Map.Entry<String, Sample> e : last.entrySet()) {
      Sample from = first.get(e.getKey());
      operations += e.getValue().total() - from.total();
      seconds = Math.max(seconds, e.getValue().atMs() - from.atMs());
    }
    Result result = seconds == 0 ? null : new Result(operations, seconds / 1000.0);
    return (consumer == null ? Future.<Void>succeededFuture() : consumer.unregister()).map(result);
  }

  /**
   * One node's status, counted between {@link #begin} and {@link #end}:
   * {@code {"node", "at", "models": [{"model", "operationsTotal"}, ...]}}.
   */
  synchronized void sample(JsonObject status) {
    if (!counting) {
      return;
    }
    String node = status.getString("node");
    Object at = status.getValue("at");
    if (node == null || !(at instanceof Number) || status.getJsonArray("models") == null) {
      return;                                                      // not a status this version understands
    }
    for (Object m : status.getJsonArray("models")) {
      if (m instanceof JsonObject entry && model.wire().equals(entry.getString("model"))
          && entry.getValue("operationsTotal") instanceof Number total) {
        Sample sample = new Sample(((Number) at).longValue(), total.longValue());
        first.putIfAbsent(node, sample);
        last.put(node, sample);
      }
    }
  }
}
