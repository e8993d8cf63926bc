package io.bankbus.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WaitingRoomTest {
  private static final long PATIENCE = 1_000;

  @Test
  @DisplayName("customers are called in ticket order, each by a free cashier")
  void fifo() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    for (String c : List.of("a", "b", "c")) {
      room.enter(c, 0, PATIENCE);
    }
    room.cashierFree("k1");
    room.cashierFree("k2");
    List<String> called = new ArrayList<>();
    for (var call = room.nextCall(1); call.isPresent(); call = room.nextCall(1)) {
      called.add(call.get().customer().customer() + "@" + call.get().cashierId() + "#" + call.get().calledSeq());
    }
    assertEquals(List.of("a@k1#1", "b@k2#2"), called);
    assertEquals(1, room.waitingCount());
    room.cashierFree("k1");
    assertEquals("c", room.nextCall(1).orElseThrow().customer().customer());
  }

  @Test
  @DisplayName("a cashier announcing itself twice is still only one free cashier")
  void noDoubleBooking() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    room.cashierFree("k1");
    room.cashierFree("k1");
    room.enter("a", 0, PATIENCE);
    room.enter("b", 0, PATIENCE);
    assertTrue(room.nextCall(1).isPresent());
    assertTrue(room.nextCall(1).isEmpty());
  }

  @Test
  @DisplayName("a full room refuses a customer with BANK_FULL, without a ticket or a place in the line")
  void full() {
    WaitingRoom<String> room = new WaitingRoom<>(2);
    room.enter("a", 0, PATIENCE);
    room.enter("b", 0, PATIENCE);
    BankException e = assertThrows(BankException.class, () -> room.enter("c", 0, PATIENCE));
    assertEquals(BankError.BANK_FULL, e.error());
    assertEquals(2, room.waitingCount());
    room.cashierFree("k1");
    assertEquals("a", room.nextCall(1).orElseThrow().customer().customer());
    assertEquals(3, room.enter("d", 0, PATIENCE).ticket(), "a refused customer draws no ticket");
  }

  @Test
  @DisplayName("customers whose patience ran out are not called")
  void patience() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    room.enter("impatient", 0, 10);
    room.enter("patient", 0, 1_000);
    room.cashierFree("k1");
    assertEquals("patient", room.nextCall(500).orElseThrow().customer().customer());
  }

  @Test
  @DisplayName("a call the cashier did not take puts the customer back at the head of the line")
  void failedCall() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    room.enter("a", 0, PATIENCE);
    room.enter("b", 0, PATIENCE);
    room.cashierFree("k1");
    var call = room.nextCall(1).orElseThrow();
    room.callFailed(call);
    room.cashierFree("k2");
    assertEquals("a", room.nextCall(1).orElseThrow().customer().customer());
  }
}
