package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.Operation;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShardCopyTest {
  private static final long WINDOW = 60_000;
  private Ledger owner;
  private ShardCopy copy;

  @BeforeEach
  void ownerAndAFilledCopy() {
    owner = new Ledger(WINDOW);
    owner.apply(Operation.open("o1", "a", 1_000), 1_000);
    owner.apply(Operation.open("o2", "b", 0), 1_000);
    copy = ShardCopy.empty();
    assertEquals(ShardCopy.Verdict.APPLIED, copy.fill(3, 7, Ledger.fromCopy(owner.copy(), WINDOW)));
  }

  /** Applies {@code ops} on the owner at {@code atMs}, as an owner does before it sends their batch. */
  private List<Operation> onOwner(long atMs, Operation... ops) {
    for (Operation op : ops) {
      owner.apply(op, atMs);
    }
    return List.of(ops);
  }

  @Test
  @DisplayName("a copy filled from the owner's ledger and fed its batches in order holds what the owner holds")
  void batchesInOrderKeepTheCopyEqual() {
    copy.apply(3, 8, 2_000, onOwner(2_000, Operation.deposit("d1", "a", 5), Operation.transfer("t1", "a", "b", 7)));
    copy.apply(3, 9, 3_000, onOwner(3_000, Operation.withdraw("w1", "b", 2)));

    assertEquals(owner.balances(), copy.ledger().balances());
    assertEquals(owner.journal(), copy.ledger().journal());
    assertEquals(9, copy.seq());
  }

  @Test
  @DisplayName("a copy replays a remembered operation id as the owner would, with the first result")
  void theCopyRemembersIds() {
    copy.apply(3, 8, 2_000, onOwner(2_000, Operation.deposit("d1", "a", 5)));

    Ledger.Result replay = copy.ledger().apply(Operation.deposit("d1", "a", 5), 2_500);

    assertTrue(replay.replayed());
    assertEquals(1_005, replay.balance());
  }

  @Test
  @DisplayName("a batch of an older epoch is refused and changes nothing: a replaced owner cannot be acknowledged")
  void olderEpochIsStale() {
    assertEquals(ShardCopy.Verdict.STALE_EPOCH, copy.apply(2, 8, 2_000, List.of(Operation.deposit("d1", "a", 5))));
    assertEquals(1_000, copy.ledger().balanceOf("a"));
    assertEquals(ShardCopy.Verdict.STALE_EPOCH, copy.fill(2, 99, Ledger.fromCopy(owner.copy(), WINDOW)));
  }

  @Test
  @DisplayName("a batch after a gap is out of sequence and changes nothing, until the owner fills the copy again")
  void aGapNeedsAFill() {
    assertEquals(ShardCopy.Verdict.OUT_OF_SEQUENCE, copy.apply(3, 9, 2_000, List.of(Operation.deposit("d1", "a", 5))));
    assertEquals(1_000, copy.ledger().balanceOf("a"));
  }

  @Test
  @DisplayName("a batch of a newer epoch before its fill is out of sequence: the new owner must fill the copy first")
  void aNewEpochNeedsAFill() {
    assertEquals(ShardCopy.Verdict.OUT_OF_SEQUENCE, copy.apply(4, 1, 2_000, List.of(Operation.deposit("d1", "a", 5))));
    assertFalse(copy.holds(4));
  }

  @Test
  @DisplayName("a batch sent again after it was applied is acknowledged without being applied twice")
  void aResentBatchIsAppliedOnce() {
    List<Operation> batch = onOwner(2_000, Operation.deposit("d1", "a", 5));
    copy.apply(3, 8, 2_000, batch);

    assertEquals(ShardCopy.Verdict.APPLIED, copy.apply(3, 8, 2_000, batch));
    assertEquals(1_005, copy.ledger().balanceOf("a"));
  }

  @Test
  @DisplayName("an empty copy holds no epoch: its follower cannot take the shard over, and it accepts no batch")
  void anEmptyCopyHoldsNothing() {
    ShardCopy empty = ShardCopy.empty();

    assertFalse(empty.holds(0));
    assertEquals(ShardCopy.Verdict.OUT_OF_SEQUENCE, empty.apply(1, 1, 0, List.of()));
  }

  @Test
  @DisplayName("where a copy was taken over, the fence left behind refuses batches and fills of the epoch before")
  void aFenceRefusesTheReplacedOwner() {
    ShardCopy fence = ShardCopy.fenced(4);

    assertEquals(ShardCopy.Verdict.STALE_EPOCH, fence.apply(3, 9, 2_000, List.of(Operation.deposit("d1", "a", 5))));
    assertEquals(ShardCopy.Verdict.STALE_EPOCH, fence.fill(3, 10, Ledger.fromCopy(owner.copy(), WINDOW)));
    assertFalse(fence.holds(3));
  }

  @Test
  @DisplayName("a batch that the copy's state refuses is a divergence, reported, not silently skipped")
  void divergenceIsLoud() {
    assertThrows(IllegalStateException.class,
        () -> copy.apply(3, 8, 2_000, List.of(Operation.withdraw("w1", "b", 1))));
  }
}
