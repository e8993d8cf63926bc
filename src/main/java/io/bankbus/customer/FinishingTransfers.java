package io.bankbus.customer;

import io.bankbus.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a message-passing audit: waits until no node's teller is still finishing a transfer whose customer was
 * already answered (a debit without its credit yet, after a network cut or a lost answer). Asked every
 * {@value #POLL_MS} ms; a node without the address (it serves no message passing) counts as none.
 */
final class FinishingTransfers {
  private static final Logger LOG = LoggerFactory.getLogger(FinishingTransfers.class);
  static final long POLL_MS = 200;

  private FinishingTransfers() {
  }

  /** Completes (never fails) once every node says 0, or at {@code timeoutMs}, saying how many were left. */
  static Future<Long> settled(Vertx vertx, String model, Supplier<Collection<String>> nodes, long timeoutMs) {
    Promise<Long> done = Promise.promise();
    poll(vertx, model, nodes, System.nanoTime() + timeoutMs * 1_000_000, done);
    return done.future();
  }

  private static void poll(Vertx vertx, String model, Supplier<Collection<String>> nodes, long deadline,
                           Promise<Long> done) {
    List<Future<Long>> asked = new ArrayList<>();
    for (String node : nodes.get()) {
      asked.add(vertx.eventBus().<JsonObject>request(Addresses.transfersFinishing(node), new JsonObject(),
              new DeliveryOptions().setSendTimeout(2_000))
          .map(reply -> reply.body().getLong("finishing", 0L))
          .recover(failure -> failure instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
              ? Future.succeededFuture(0L) : Future.succeededFuture(-1L)));
    }
    Future.all(asked).onComplete(all -> {
      long left = asked.stream().mapToLong(f -> Math.max(0, f.result())).sum();
      boolean unsure = asked.stream().anyMatch(f -> f.result() < 0);
      if (left == 0 && !unsure) {
        done.complete(0L);
      } else if (System.nanoTime() > deadline) {
        LOG.warn("{}: {} transfers were still being finished{} when the audit began: it may find their money in"
            + " flight", model, left, unsure ? " (and a node did not say)" : "");
        done.complete(left);
      } else {
        vertx.setTimer(POLL_MS, t -> poll(vertx, model, nodes, deadline, done));
      }
    });
  }
}
