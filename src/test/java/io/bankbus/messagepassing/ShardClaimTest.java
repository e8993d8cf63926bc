package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShardClaimTest {

  @Test
  @DisplayName("a follower's takeover raises the epoch, makes it the owner, and leaves the shard without a follower")
  void takeoverRaisesTheEpoch() {
    ShardClaim taken = ShardClaim.first("a").withFollower("b").takenOverByFollower();

    assertEquals(new ShardClaim("b", null, 2), taken);
    assertTrue(taken.ownedBy("b"));
  }

  @Test
  @DisplayName("a shard with no follower cannot be taken over: there is no copy to take it from")
  void noFollowerNoTakeover() {
    assertThrows(IllegalStateException.class, () -> ShardClaim.first("a").takenOverByFollower());
  }

  @Test
  @DisplayName("a node cannot follow the shard it owns")
  void ownerIsNotItsFollower() {
    assertThrows(IllegalArgumentException.class, () -> ShardClaim.first("a").withFollower("a"));
  }

  @Test
  @DisplayName("a claim reads back from its encoding unchanged, with or without a follower")
  void encodingRoundTrip() {
    ShardClaim alone = ShardClaim.first("a");
    ShardClaim followed = alone.withFollower("b");

    assertEquals(alone, ShardClaim.decode(alone.encode()));
    assertEquals(followed, ShardClaim.decode(followed.encode()));
    assertNull(ShardClaim.decode(alone.encode()).follower());
  }

  @Test
  @DisplayName("a shard handed to its follower on purpose raises the epoch and keeps the old owner as follower")
  void handedToFollower() {
    assertEquals(new ShardClaim("b", "a", 5), new ShardClaim("a", "b", 4).handedToFollower());
  }
}
