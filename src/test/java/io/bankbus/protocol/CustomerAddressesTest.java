package io.bankbus.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CustomerAddressesTest {
  private static final String CASHIER = "0a1b2c3d.2";

  @Test
  @DisplayName("every model's tickets and cashier visit addresses are customer-facing")
  void customerAddresses() {
    for (BankModel model : BankModel.values()) {
      assertTrue(Addresses.customerFacing(Addresses.tickets(model)), model.wire());
      assertTrue(Addresses.customerFacing(Addresses.cashier(model, CASHIER)), model.wire());
    }
  }

  @Test
  @DisplayName("node-local, ledger, node, status and audit addresses, and look-alikes of customer ones, are not customer-facing")
  void everythingElse() {
    BankModel mp = BankModel.MESSAGE_PASSING;
    for (String address : List.of(Addresses.ledgerShard(0), Addresses.ledgerShard(7), Addresses.nodeHeap("n-1"),
        Addresses.branchReady(mp, "0a1b2c3d"), Addresses.branchStatus(mp, "0a1b2c3d"), Addresses.cashierCall(mp, CASHIER),
        Addresses.cashierStatus(mp, CASHIER), Addresses.STATUS, Addresses.AUDITS, "bankbus.message-passing.tickets.x",
        "xbankbus.message-passing.tickets", "bankbus.carrier-pigeon.tickets", "bankbus.message-passingXtickets",
        "bankbus.message-passing.cashier.0a1b2c3d", "bankbus.message-passing.cashier.0a1b2c3d.1.2",
        "bankbus.message-passing.cashier..1", "__vertx.reply.1", "")) {
      assertFalse(Addresses.customerFacing(address), address);
    }
    assertFalse(Addresses.customerFacing(null));
  }

  @Test
  @DisplayName("the customer-address regexes are two whole-address patterns, the tickets' first, then the cashiers'")
  void regexes() {
    List<String> regexes = Addresses.customerAddressRegexes();
    assertTrue(regexes.size() == 2, regexes.toString());
    assertTrue(Addresses.tickets(BankModel.SHARED_STATE).matches(regexes.get(0)));
    assertFalse(Addresses.cashierCall(BankModel.SHARED_STATE, CASHIER).matches(regexes.get(1)));
  }
}
