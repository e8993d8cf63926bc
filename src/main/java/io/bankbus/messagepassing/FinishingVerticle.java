package io.bankbus.messagepassing;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Answers {@code bankbus.ledger.finishing.<node id>} (body {@code {}}) with how many transfers this node's teller
 * is still finishing after answering their customers: {@code {"node", "finishing": n}}. Until that is 0, a debit
 * may stand without its credit, and an audit would see the money in flight.
 */
final class FinishingVerticle extends VerticleBase {
  private final String nodeId;
  private final ShardedTeller teller;

  FinishingVerticle(String nodeId, ShardedTeller teller) {
    this.nodeId = nodeId;
    this.teller = teller;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().consumer(Addresses.transfersFinishing(nodeId), this::onMessage).completion();
  }

  private void onMessage(Message<Object> message) {
    try {
      JsonFields.body(message.body());
    } catch (BankException bad) {
      bad.replyTo(message);
      return;
    }
    message.reply(new JsonObject().put("node", nodeId).put("finishing", teller.finishing()));
  }
}
