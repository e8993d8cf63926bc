package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShardTakeoversTest {
  private static final ShardClaim A_FOLLOWED_BY_B = new ShardClaim("a", "b", 4);

  private static List<ShardTakeovers.Action> decide(ShardClaim claim, Set<String> members, String me,
                                                    Set<Integer> running) {
    return ShardTakeovers.decide(Map.of(7, claim), members, me, running);
  }

  @Test
  @DisplayName("the follower of a shard whose owner left takes it over")
  void followerTakesOver() {
    assertEquals(List.of(new ShardTakeovers.Action(ShardTakeovers.Kind.TAKE_OVER, 7, A_FOLLOWED_BY_B)),
        decide(A_FOLLOWED_BY_B, Set.of("b", "c"), "b", Set.of()));
  }

  @Test
  @DisplayName("a node that does not follow a shard whose owner left leaves it to the follower")
  void othersLeaveItToTheFollower() {
    assertEquals(List.of(), decide(A_FOLLOWED_BY_B, Set.of("b", "c"), "c", Set.of()));
  }

  @Test
  @DisplayName("nothing is done for a shard whose owner is still a member")
  void aLiveOwnerKeepsItsShard() {
    assertEquals(List.of(), decide(A_FOLLOWED_BY_B, Set.of("a", "b"), "b", Set.of()));
  }

  @Test
  @DisplayName("a shard handed to this node, whose owner does not run here yet, is started here")
  void aHandoverIsStarted() {
    ShardClaim handed = A_FOLLOWED_BY_B.takenOverByFollower();
    assertEquals(List.of(new ShardTakeovers.Action(ShardTakeovers.Kind.START_HANDED_OVER, 7, handed)),
        decide(handed, Set.of("a", "b"), "b", Set.of()));
  }

  @Test
  @DisplayName("a shard whose owner runs here already needs nothing")
  void aRunningShardNeedsNothing() {
    assertEquals(List.of(), decide(A_FOLLOWED_BY_B, Set.of("a", "b"), "a", Set.of(7)));
  }

  @Test
  @DisplayName("a shard whose owner and follower both left is lost, never restarted empty")
  void noCopyLeftIsLost() {
    assertEquals(List.of(new ShardTakeovers.Action(ShardTakeovers.Kind.LOST, 7, A_FOLLOWED_BY_B)),
        decide(A_FOLLOWED_BY_B, Set.of("c"), "c", Set.of()));
  }

  @Test
  @DisplayName("an owner that runs here while the claim names another node steps aside: it was replaced")
  void aReplacedOwnerStepsAside() {
    assertEquals(List.of(new ShardTakeovers.Action(ShardTakeovers.Kind.STEP_ASIDE, 7, A_FOLLOWED_BY_B)),
        decide(A_FOLLOWED_BY_B, Set.of("a", "b", "c"), "c", Set.of(7)));
  }
}
