package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
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

  /** A ledger with some of everything: balances, remembered ids of each kind, journal entries, folded sums. */
  private static Ledger busyLedger() {
    Ledger ledger = new Ledger(10_000);
    ledger.apply(Operation.open("o-1", "acc-1", 1_000), 1_000);
    ledger.apply(Operation.open("o-2", "acc-2", 0), 1_000);
    ledger.apply(Operation.deposit("d-1", "acc-2", 250), 2_000);
    ledger.apply(Operation.transfer("t-1", "acc-1", "acc-2", 300), 12_000);   // o-1, o-2 forgotten: folded
    ledger.apply(DEBIT, 12_500);
    ledger.apply(Operation.withdraw("w-1", "acc-2", 50), 13_000);
    return ledger;
  }

  @Test
  @DisplayName("a fill carries the whole ledger: read back, it holds the same balances, ids, journal and folded sums, and replays alike")
  void fillRoundTrip() {
    Ledger owner = busyLedger();
    LedgerCodecs.Fill fill = LedgerFills.fill(4, 2, 9, owner);
    Object decoded = roundTrip(LedgerCodecs.FILL, fill);
    LedgerCodecs.Fill read = assertInstanceOf(LedgerCodecs.Fill.class, decoded);
    assertEquals(List.of(4, 2L, 9L), List.of(read.shard(), read.epoch(), read.seq()));
    Ledger follower = LedgerFills.ledgerOf(read, 10_000);
    assertEquals(owner.copy(), follower.copy(), "the same ledger, as its JSON copy describes it");
    assertTrue(owner.rememberedIds() > 0 && !owner.folded().isEmpty() && !owner.journal().isEmpty(), owner.copy().encode());
    Operation again = Operation.withdraw("w-1", "acc-2", 50);
    assertEquals(owner.apply(again, 13_500).toReply(), follower.apply(again, 13_500).toReply(), "a replay");

    owner.apply(Operation.deposit("d-2", "acc-1", 5), 14_000);
    assertEquals(follower.copy(), LedgerFills.ledgerOf(fill, 10_000).copy(),
        "the fill is the ledger as it was when made: a later change is not in it");
    assertSame(fill, LedgerCodecs.FILL.transform(fill));
  }

  @Test
  @DisplayName("a fill whose ledger bytes are cut short, or claim more entries than they hold, is refused INVALID_MESSAGE")
  void fillRefused() {
    Buffer bytes = LedgerFills.fill(4, 2, 9, busyLedger()).ledger();
    for (int cut = 0; cut < bytes.length(); cut++) {
      LedgerCodecs.Fill shortFill = new LedgerCodecs.Fill(4, 2, 9, bytes.getBuffer(0, cut));
      BankException refused = assertThrows(BankException.class, () -> LedgerFills.ledgerOf(shortFill, 10_000),
          "cut at " + cut);
      assertEquals(BankError.INVALID_MESSAGE, refused.error());
    }
    Buffer huge = bytes.copy();
    huge.setInt(0, Integer.MAX_VALUE);                       // the count of balances
    BankException refused = assertThrows(BankException.class,
        () -> LedgerFills.ledgerOf(new LedgerCodecs.Fill(4, 2, 9, huge), 10_000));
    assertTrue(refused.getMessage().contains("a count of " + Integer.MAX_VALUE), refused.getMessage());
    Buffer whole = encoded(LedgerCodecs.FILL, LedgerFills.fill(4, 2, 9, busyLedger()));
    whole.setInt(4 + 1 + 4 + 8 + 8, whole.length());          // length, version, shard, epoch, seq: the ledger's length
    assertProblem(LedgerCodecs.FILL.decodeFromWire(0, whole), "claims " + whole.length() + " bytes");
  }

  private static void assertProblem(Object decoded, String expected) {
    WireBody.Malformed malformed = assertInstanceOf(WireBody.Malformed.class, decoded);
    assertTrue(malformed.problem().contains(expected), malformed.problem());
  }
}
