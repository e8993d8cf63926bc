package io.bankbus.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BridgePolicyTest {
  private static final String TICKETS = Addresses.tickets(BankModel.MESSAGE_PASSING);

  private static JsonObject send(String address) {
    return new JsonObject().put("type", "send").put("address", address).put("replyAddress", "r1")
        .put("body", new JsonObject());
  }

  @Test
  @DisplayName("a customer's request keeps only a clamped timeout header")
  void headers() {
    JsonObject raw = send(TICKETS).put("headers", new JsonObject().put("timeout", 40_000).put("codecName", "evil")
        .put("localOnly", true).put("x", "y"));
    assertEquals(new JsonObject().put("timeout", 40_000L), BridgePolicy.admit("send", raw).getJsonObject("headers"));
    JsonObject tooLong = send(TICKETS).put("headers", new JsonObject().put("timeout", Long.MAX_VALUE));
    assertEquals(BridgePolicy.MAX_TIMEOUT_MS, BridgePolicy.admit("send", tooLong).getJsonObject("headers").getLong("timeout"));
    assertNull(BridgePolicy.admit("send", send(TICKETS).put("headers", new JsonObject().put("codecName", "x")))
        .getValue("headers"));
  }

  @Test
  @DisplayName("a send to a customer address that expects no reply is refused")
  void sendWithoutReply() {
    JsonObject noReply = send(TICKETS);
    noReply.remove("replyAddress");
    assertNull(BridgePolicy.admit("send", noReply));
  }

  @Test
  @DisplayName("a publish to a customer address is refused")
  void publish() {
    assertNull(BridgePolicy.admit("publish", send(TICKETS).put("type", "publish")));
  }

  @Test
  @DisplayName("frames to other addresses pass unchanged, for the permitted list to refuse")
  void othersUntouched() {
    JsonObject ledger = send(Addresses.ledgerShard(0)).put("headers", new JsonObject().put("codecName", "x"));
    assertEquals(ledger, BridgePolicy.admit("send", ledger.copy()));
    JsonObject ping = new JsonObject().put("type", "ping");
    assertEquals(ping, BridgePolicy.admit("ping", ping));
  }
}
