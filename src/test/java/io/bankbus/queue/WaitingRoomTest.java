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

  @Test
  @DisplayName("a hand-off gives the oldest customers, in ticket order, only those who waited at least as asked")
  void handOffOldestFirst() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    room.enter("a", 0, PATIENCE);
    room.enter("b", 10, PATIENCE);
    room.enter("c", 50, PATIENCE);
    var handed = room.handOff("B", 3, 40, 60, 500);
    assertEquals(List.of("a", "b"), handed.stream().map(h -> h.customer().customer()).toList(),
        "c waited 10, less than the 40 asked");
    assertEquals(List.of(1L, 2L), handed.stream().map(WaitingRoom.InFlight::calledSeq).toList());
    assertEquals(1, room.waitingCount());
    assertEquals(2, room.inFlightCount());
  }

  @Test
  @DisplayName("a hand-off shares the room's call order with local calls, so calls stay in ticket order")
  void handOffSharesCallOrder() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    room.enter("a", 0, PATIENCE);
    room.enter("b", 0, PATIENCE);
    room.cashierFree("k1");
    long handedSeq = room.handOff("B", 1, 0, 1, 500).get(0).calledSeq();
    long localSeq = room.nextCall(1).orElseThrow().calledSeq();
    assertTrue(handedSeq < localSeq, "a (ticket 1) called before b (ticket 2)");
  }

  @Test
  @DisplayName("a handed-off customer is confirmed called once: a second confirmation, or one from another branch, finds nobody")
  void confirmedOnce() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    room.enter("a", 0, PATIENCE);
    long ticket = room.handOff("B", 1, 0, 1, 500).get(0).customer().ticket();
    assertTrue(room.confirm("C", ticket).isEmpty(), "handed to B, not C");
    assertEquals("a", room.confirm("B", ticket).orElseThrow().customer().customer());
    assertTrue(room.confirm("B", ticket).isEmpty(), "not served twice");
    assertEquals(false, room.giveBack("B", ticket), "a called customer cannot come back");
    assertEquals(0, room.expire(10_000), "nor expire back into the line");
    assertEquals(0, room.waitingCount() + room.inFlightCount());
  }

  @Test
  @DisplayName("a customer given back returns to its place in ticket order, ahead of those who came later")
  void givenBackInOrder() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    for (String c : List.of("a", "b", "c")) {
      room.enter(c, 0, PATIENCE);
    }
    var handed = room.handOff("B", 2, 0, 1, 500);
    room.enter("d", 2, PATIENCE);
    assertTrue(room.giveBack("B", handed.get(1).customer().ticket()));
    assertTrue(room.giveBack("B", handed.get(0).customer().ticket()));
    assertEquals(List.of("a", "b", "c", "d"), room.peek(10).stream().map(WaitingRoom.Waiting::customer).toList());
  }

  @Test
  @DisplayName("a hand-off unconfirmed by its deadline (the taker died mid-hand-off) puts the customer back in line, not lost")
  void expiredHandOff() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    room.enter("a", 0, PATIENCE);
    room.enter("b", 0, PATIENCE);
    room.handOff("B", 1, 0, 1, 500);
    assertEquals(0, room.expire(499), "not before its deadline");
    assertEquals(1, room.expire(500));
    room.cashierFree("k1");
    assertEquals("a", room.nextCall(501).orElseThrow().customer().customer(), "back at the head, in ticket order");
    assertTrue(room.confirm("B", 1).isEmpty(), "a late confirmation finds nobody: the customer is called once");
  }

  @Test
  @DisplayName("customers in flight count against the room's size, and a closing room tells them too")
  void inFlightCounted() {
    WaitingRoom<String> room = new WaitingRoom<>(2);
    room.enter("a", 0, PATIENCE);
    room.enter("b", 0, PATIENCE);
    room.handOff("B", 1, 0, 1, 500);
    BankException e = assertThrows(BankException.class, () -> room.enter("c", 2, PATIENCE));
    assertEquals(BankError.BANK_FULL, e.error());
    assertEquals(List.of("a", "b"), room.closeDoors().stream().map(WaitingRoom.Waiting::customer).toList());
    assertEquals(0, room.inFlightCount());
  }

  @Test
  @DisplayName("cashiers reserved for a take and not needed are free again ahead of those freed since")
  void reservedCashiersReturn() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    room.cashierFree("k1");
    room.cashierFree("k2");
    assertEquals(List.of("k1", "k2"), room.reserveCashiers(5));
    assertEquals(0, room.freeCashierCount());
    room.cashierFree("k3");
    room.returnCashiers(List.of("k2"));
    room.enter("a", 0, PATIENCE);
    assertEquals("k2", room.nextCall(1).orElseThrow().cashierId());
  }

  @Test
  @DisplayName("the head's wait is that of the oldest customer still willing to wait, -1 for an empty line")
  void headWait() {
    WaitingRoom<String> room = new WaitingRoom<>(10);
    assertEquals(-1, room.headWaitedNanos(5));
    room.enter("impatient", 0, 10);
    room.enter("patient", 20, PATIENCE);
    assertEquals(80, room.headWaitedNanos(100));
  }
}
