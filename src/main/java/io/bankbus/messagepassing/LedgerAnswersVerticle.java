package io.bankbus.messagepassing;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Answers {@code bankbus.ledger.answers.<node id>} (body {@code {}}) with what this node's shard owners answered,
 * second by second ({@link LedgerAnswers}): {@code {"node", "seconds": [[startMs, count], ...]}}.
 */
final class LedgerAnswersVerticle extends VerticleBase {
  private final String nodeId;
  private final LedgerAnswers answers;

  LedgerAnswersVerticle(String nodeId, LedgerAnswers answers) {
    this.nodeId = nodeId;
    this.answers = answers;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().consumer(Addresses.ledgerAnswers(nodeId), this::onMessage).completion();
  }

  private void onMessage(Message<Object> message) {
    try {
      JsonFields.body(message.body());
    } catch (BankException bad) {
      bad.replyTo(message);
      return;
    }
    message.reply(new JsonObject().put("node", nodeId).put("seconds", answers.toJson(System.currentTimeMillis())));
  }
}
