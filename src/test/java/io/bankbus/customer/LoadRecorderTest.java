package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoadRecorderTest {
  @Test
  @DisplayName("a rule's refusal is final at any attempt; 'not done' from the queue is only after a first attempt")
  void refusedOrUnknown() {
    LoadRecorder recorder = new LoadRecorder(true);
    Operation poor = Operation.withdraw("w-1", "acc", 10);
    Operation full = Operation.deposit("d-1", "acc", 10);
    Operation fullAgain = Operation.deposit("d-2", "acc", 10);
    Operation gone = Operation.deposit("d-3", "acc", 10);
    Operation unavailable = Operation.deposit("d-4", "acc", 10);
    recorder.notSucceeded(poor, BankError.INSUFFICIENT_FUNDS, 3);
    recorder.notSucceeded(full, BankError.BANK_FULL, 1);
    recorder.notSucceeded(fullAgain, BankError.BANK_FULL, 2);
    recorder.notSucceeded(gone, BankError.NOT_YOUR_CASHIER, 4);
    recorder.notSucceeded(unavailable, BankError.UNAVAILABLE, 1);
    assertEquals(List.of(poor, full), recorder.refused());
    assertEquals(List.of(fullAgain, gone, unavailable), recorder.unknown());
  }
}
