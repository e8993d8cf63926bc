package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.protocol.WireBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The ledger's binary codecs, without Vert.x running: round trips, and every way bytes can be wrong. */
class LedgerCodecsTest {
  private static final Operation TRANSFER = Operation.transfer("c7-42", "acc-1", "acc-2", 500);
  private static final Operation DEBIT = TRANSFER.leg(OpType.DEBIT, "acc-1", "acc-2", "debit");
  private static final Operation BALANCE = Operation.balance("acc-9");
  private static final LedgerCodecs.CopyBatch BATCH = new LedgerCodecs.CopyBatch(3, 2, 17, 1_700_000_000_000L,
      List.of(DEBIT, Operation.deposit("c1-1", "acc-5", 1), Operation.open("c2-1", "acc-3", 0)));

  /** Encodes after some bytes of something else, as a message's header would be, and decodes from there. */
  private static <T> Object roundTrip(MessageCodec<T, Object> codec, T body) {
    Buffer wire = Buffer.buffer().appendString("header");
    codec.encodeToWire(wire, body);
    return codec.decodeFromWire(6, wire);
  }

  private static <T> Buffer encoded(MessageCodec<T, Object> codec, T body) {
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, body);
    return wire;
  }

  @Test
  @DisplayName("an operation, an answer and a batch come back equal; inside a node the object itself is handed on")
  void roundTrips() {
    for (Operation op : List.of(TRANSFER, DEBIT, BALANCE, Operation.withdraw("c3-3", "acc-4", 9))) {
      assertEquals(op, roundTrip(LedgerCodecs.OPERATION, op));
    }
    LedgerCodecs.ShardAnswer answer = new LedgerCodecs.ShardAnswer(
        new OperationResult("transfer", "c7-42", "acc-1", 100, "acc-2", 600, true), 1_700_000_000_123L);
    assertEquals(answer, roundTrip(LedgerCodecs.ANSWER, answer));
    LedgerCodecs.ShardAnswer read = new LedgerCodecs.ShardAnswer(
        new OperationResult("balance", null, "acc-9", 0, null, 0, false), 0);
    assertEquals(read, roundTrip(LedgerCodecs.ANSWER, read));
    assertEquals(BATCH, roundTrip(LedgerCodecs.BATCH, BATCH));
    assertSame(TRANSFER, LedgerCodecs.OPERATION.transform(TRANSFER));
    assertSame(BATCH, LedgerCodecs.BATCH.transform(BATCH));
  }

  @Test
  @DisplayName("a body cut short anywhere decodes to Malformed, never to an exception or a shorter batch")
  void truncated() {
    Buffer whole = encoded(LedgerCodecs.BATCH, BATCH);
    for (int cut = 0; cut < whole.length(); cut++) {
      Buffer part = whole.getBuffer(0, cut);
      assertInstanceOf(WireBody.Malformed.class, LedgerCodecs.BATCH.decodeFromWire(0, part), "cut at " + cut);
      Buffer relabelled = part.copy();
      if (cut >= 4) {                                // the length made to match what is left: the content is short
        relabelled.setInt(0, cut - 4);
        assertInstanceOf(WireBody.Malformed.class, LedgerCodecs.BATCH.decodeFromWire(0, relabelled), "cut at " + cut);
      }
    }
  }

  @Test
  @DisplayName("another version, bytes left over, a huge count or string, an operation the ledger refuses: Malformed")
  void refused() {
    Buffer otherVersion = encoded(LedgerCodecs.OPERATION, TRANSFER);
    otherVersion.setByte(4, (byte) 2);
    assertProblem(LedgerCodecs.OPERATION.decodeFromWire(0, otherVersion), "version 2");

    Buffer leftOver = encoded(LedgerCodecs.OPERATION, TRANSFER).appendInt(7);
    leftOver.setInt(0, leftOver.length() - 4);
    assertProblem(LedgerCodecs.OPERATION.decodeFromWire(0, leftOver), "4 bytes left over");

    Buffer hugeCount = encoded(LedgerCodecs.BATCH, BATCH);
    hugeCount.setInt(4 + 1 + 4 + 8 + 8 + 8, Integer.MAX_VALUE);     // length, version, shard, epoch, seq, atMs
    assertProblem(LedgerCodecs.BATCH.decodeFromWire(0, hugeCount), "claims " + Integer.MAX_VALUE + " operations");

    Buffer hugeString = encoded(LedgerCodecs.OPERATION, TRANSFER);
    hugeString.setInt(5, LedgerCodecs.MAX_STRING_BYTES + 1);         // the type's length
    assertProblem(LedgerCodecs.OPERATION.decodeFromWire(0, hugeString), "at most " + LedgerCodecs.MAX_STRING_BYTES);

    assertProblem(roundTrip(LedgerCodecs.OPERATION, new Operation(OpType.DEPOSIT, "c1-1", "acc-1", null, 0)),
        "amount must be positive");
    assertProblem(roundTrip(LedgerCodecs.OPERATION, new Operation(OpType.DEPOSIT, "c1-1", "acc 1", null, 5)),
        "'account' is not a valid id");
    assertProblem(roundTrip(LedgerCodecs.OPERATION, new Operation(OpType.DEPOSIT, null, "acc-1", null, 5)),
        "'opId' is required");
    assertProblem(roundTrip(LedgerCodecs.OPERATION, new Operation(OpType.TRANSFER, "c1-1", "acc-1", null, 5)),
        "'to' is not a valid id");
    assertProblem(roundTrip(LedgerCodecs.OPERATION, new Operation(OpType.TRANSFER, "c1-1", "acc-1", "acc-1", 5)),
        "two different accounts");
  }

  private static void assertProblem(Object decoded, String expected) {
    WireBody.Malformed malformed = assertInstanceOf(WireBody.Malformed.class, decoded);
    assertTrue(malformed.problem().contains(expected), malformed.problem());
  }
}
