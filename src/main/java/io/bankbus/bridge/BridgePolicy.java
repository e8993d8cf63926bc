package io.bankbus.bridge;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.TicketRequest;
import io.vertx.core.json.JsonObject;

/**
 * What a customer outside the cluster may ask a bridge to do, beyond the permitted addresses both bridges already
 * check ({@link Addresses#customerAddressRegexes}). Shared by the TCP bridge and the browser's SockJS bridge.
 *
 * <ul>
 *   <li>A send must expect a reply ({@code replyAddress}): a ticket nobody waits for would still take a cashier,
 *       who would sit idle until the visit timed out.</li>
 *   <li>No publish: one frame would reach every branch of the cluster.</li>
 *   <li>Of the delivery headers only {@code timeout} is kept, clamped to the longest patience a ticket may ask for
 *       plus a margin; {@code codecName} and {@code localOnly} are the bank's business, and other headers are
 *       dropped so a customer's message carries no more than its body.</li>
 * </ul>
 */
public final class BridgePolicy {
  /** The longest a bridge waits for a reply: a ticket's longest patience and a margin for the call. */
  public static final long MAX_TIMEOUT_MS = TicketRequest.MAX_PATIENCE_MS + 10_000;

  private BridgePolicy() {
  }

  /**
   * The frame to hand to the event bus, or {@code null} if it is refused. {@code type} is the frame's type
   * ({@code send}, {@code publish}, ...). Frames to any other address pass unchanged: the permitted list
   * refuses them. Refused frames get the bridge's {@code "blocked by bridgeEvent handler"} error frame.
   */
  public static JsonObject admit(String type, JsonObject raw) {
    if (!Addresses.customerFacing(raw.getString("address"))) {
      // The bridge's permitted list refuses it, with the bridge's own access_denied.
      return raw;
    }
    if ("publish".equals(type)) {
      return null;
    }
    if (!"send".equals(type)) {
      return raw;
    }
    if (!(raw.getValue("replyAddress") instanceof String)) {
      return null;
    }
    JsonObject admitted = raw.copy();
    admitted.remove("headers");
    if (raw.getValue("headers") instanceof JsonObject headers && headers.getValue("timeout") instanceof Number timeout) {
      admitted.put("headers", new JsonObject().put("timeout", Math.max(1, Math.min(MAX_TIMEOUT_MS, timeout.longValue()))));
    }
    return admitted;
  }
}
