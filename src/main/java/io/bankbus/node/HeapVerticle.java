package io.bankbus.node;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Answers {@code bankbus.node.<node id>.heap} with this node's heap: {@code {"gc": true}} first runs a full
 * collection, so "used" is the live data (what a soak watches for growth); {@code {}} just reads the figures.
 * The collection runs on a worker thread, never on the event loop; requests that arrive while one runs share it,
 * so a flood of requests costs one collection at a time.
 *
 * <p>Reply: {@code {"node": id, "gc": bool, "heapUsedBytes": n, "heapCommittedBytes": n, "heapMaxBytes": n}}.
 */
public final class HeapVerticle extends VerticleBase {
  private final String nodeId;
  private Future<JsonObject> collecting;

  public HeapVerticle(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().consumer(Addresses.nodeHeap(nodeId), this::onMessage).completion();
  }

  private void onMessage(Message<Object> message) {
    boolean gc;
    try {
      JsonObject body = JsonFields.body(message.body());
      Object value = body.getValue("gc", false);
      if (!(value instanceof Boolean b)) {
        throw BankError.INVALID_FIELD.exception("field 'gc' must be true or false, got " + value);
      }
      gc = b;
    } catch (BankException bad) {
      bad.replyTo(message);
      return;
    }
    if (!gc) {
      message.reply(figures(false));
      return;
    }
    Future<JsonObject> shared = collecting;
    if (shared == null) {
      shared = vertx.executeBlocking(() -> {
        System.gc();
        return figures(true);
      }, false);
      collecting = shared;                           // before the callback: it may run at once, and clears it
      shared.onComplete(done -> collecting = null);
    }
    shared.onComplete(done -> {
      if (done.succeeded()) {
        message.reply(done.result());
      } else {
        BankError.INTERNAL_ERROR.fail(message, "heap figures could not be read: " + done.cause().getMessage());
      }
    });
  }

  /** This JVM's heap figures, as the reply carries them. */
  public static JsonObject figures(String nodeId, boolean gc) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new JsonObject().put("node", nodeId).put("gc", gc).put("heapUsedBytes", heap.getUsed())
        .put("heapCommittedBytes", heap.getCommitted()).put("heapMaxBytes", heap.getMax());
  }

  private JsonObject figures(boolean gc) {
    return figures(nodeId, gc);
  }
}
