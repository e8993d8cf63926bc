package io.bankbus.queue;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * A waiting customer as its branch holds it: its ticket request, to answer when called (only the branch that
 * received it can), the operation it handed over, if any, and the name it gave ({@code null} if none), which
 * the status shows so a customer can find its own ticket.
 */
record Pending(Message<Object> request, JsonObject first, String customer) {
}
