package io.bankbus.messagepassing;

import io.bankbus.protocol.BankException;
import io.bankbus.protocol.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * Answers one node-addressed question with figures of this node, read when asked: body {@code {}} (anything else
 * but a JSON object is refused, 100), reply {@code {"node", ...figures}}. Used for what a load run asks each node:
 * what its shard owners answered, second by second ({@link LedgerAnswers}), and how many transfers its teller is
 * still finishing ({@link ShardedTeller#finishing()}).
 */
final class NodeFiguresVerticle extends VerticleBase {
  private final String address;
  private final String nodeId;
  private final Supplier<JsonObject> figures;

  NodeFiguresVerticle(String address, String nodeId, Supplier<JsonObject> figures) {
    this.address = address;
    this.nodeId = nodeId;
    this.figures = figures;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().consumer(address, this::onMessage).completion();
  }

  private void onMessage(Message<Object> message) {
    try {
      JsonFields.body(message.body());
    } catch (BankException bad) {
      bad.replyTo(message);
      return;
    }
    message.reply(figures.get().put("node", nodeId));
  }
}
