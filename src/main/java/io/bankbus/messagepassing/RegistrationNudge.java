package io.bankbus.messagepassing;

import io.bankbus.protocol.BankError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every node's event bus look again at who is registered for an address.
 *
 * <p>Why: Vert.x 5.0.7 keeps, per address, the nodes it last saw registered, and refreshes that only when a
 * registration for the address is added or removed. A node that merges back after a partition gets no such event
 * for what changed while it was away (Hazelcast replaces its copy of the registrations wholesale, and the event
 * bus's {@code registrationsLost()} does nothing), so it may go on sending to a consumer that is gone, even its
 * own ("no handlers"), or to a node that no longer has one (no answer), for as long as nothing else changes.
 * Measured with scripts/hosts.sh: a node back from the minority found no owner, or a silent one, for the shards
 * that had changed hands while it was away, for over a minute, and the transfers it was finishing never got
 * their credit.
 *
 * <p>How: registering a consumer at the address and removing it again is two such events, on every node. While
 * it exists, the consumer answers whatever reaches it with UNAVAILABLE (retryable), as an owner that has moved.
 * At most once a second per address.
 */
final class RegistrationNudge {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrationNudge.class);
  static final long MIN_INTERVAL_MS = 1_000;

  private final Vertx vertx;
  private final Map<String, Long> last = new ConcurrentHashMap<>();

  RegistrationNudge(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Nudges {@code address}, unless it was within {@link #MIN_INTERVAL_MS}: then {@code null}. The future completes
   * once the passing consumer is gone again.
   */
  Future<Void> nudge(String address) {
    long now = System.currentTimeMillis();
    boolean[] due = {false};
    last.compute(address, (a, before) -> {
      due[0] = before == null || now - before >= MIN_INTERVAL_MS;
      return due[0] ? now : before;
    });
    if (!due[0]) {
      return null;
    }
    LOG.debug("no handler registered for {} as this node sees it: asking every node to look again", address);
    MessageConsumer<Object> passing = vertx.eventBus().consumer(address, message -> BankError.UNAVAILABLE.fail(
        message, "nobody here owns " + address + " right now; retry"));
    return passing.completion().transform(registered -> passing.unregister());
  }
}
