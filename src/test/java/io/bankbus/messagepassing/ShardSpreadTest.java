package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShardSpreadTest {
  /** Shards 0..n-1 owned as {@code owners} says, each followed by {@code follower} unless it owns it. */
  private static Map<Integer, ShardClaim> claims(List<String> owners, String follower) {
    Map<Integer, ShardClaim> claims = new HashMap<>();
    for (int i = 0; i < owners.size(); i++) {
      String owner = owners.get(i);
      claims.put(i, new ShardClaim(owner, owner.equals(follower) ? null : follower, 1));
    }
    return claims;
  }

  @Test
  @DisplayName("a node that owns every shard hands one to a node that joined and owns none")
  void handsToAJoiner() {
    Optional<ShardSpread.Move> move = ShardSpread.next(4, claims(List.of("a", "a", "a", "a"), null),
        List.of("a", "b"), "a");
    assertEquals("b", move.orElseThrow().to());
  }

  @Test
  @DisplayName("the shard handed over is one the receiver already follows, when there is one")
  void prefersAShardTheReceiverFollows() {
    Map<Integer, ShardClaim> claims = claims(List.of("a", "a", "a", "a"), "c");
    claims.put(2, new ShardClaim("a", "b", 3));
    assertEquals(2, ShardSpread.next(4, claims, List.of("a", "b", "c"), "a").orElseThrow().shard());
  }

  @Test
  @DisplayName("owners whose counts differ by one hand nothing over")
  void evenEnoughStaysPut() {
    assertTrue(ShardSpread.next(5, claims(List.of("a", "a", "a", "b", "b"), null), List.of("a", "b"), "a").isEmpty());
  }

  @Test
  @DisplayName("the receiver is the node that owns fewest shards")
  void givesToTheLeastLoaded() {
    Map<Integer, ShardClaim> claims = claims(List.of("a", "a", "a", "a", "b", "b", "b", "c"), null);
    assertEquals("c", ShardSpread.next(8, claims, List.of("a", "b", "c"), "a").orElseThrow().to());
  }

  @Test
  @DisplayName("a node that owns no more than others hands nothing over")
  void onlyTheOverloadedGive() {
    Map<Integer, ShardClaim> claims = claims(List.of("a", "a", "a", "a", "b"), null);
    assertTrue(ShardSpread.next(5, claims, List.of("a", "b", "c"), "b").isEmpty());
  }

  @Test
  @DisplayName("nothing moves while a shard's owner is not among the nodes: a takeover comes first")
  void notDuringATakeover() {
    Map<Integer, ShardClaim> claims = claims(List.of("a", "a", "a", "gone"), null);
    assertTrue(ShardSpread.next(4, claims, List.of("a", "b"), "a").isEmpty());
  }

  @Test
  @DisplayName("nothing moves while a shard is still unclaimed: the nodes are still starting")
  void notWhileStarting() {
    assertTrue(ShardSpread.next(8, claims(List.of("a", "a", "a", "a"), null), List.of("a", "b"), "a").isEmpty());
  }

  @Test
  @DisplayName("handing shards over one at a time ends with counts at most one apart on eight nodes")
  void convergesEvenly() {
    List<String> hosts = List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8");
    Map<Integer, ShardClaim> claims = claims(java.util.Collections.nCopies(32, "n1"), null);
    for (int step = 0; step < 100; step++) {
      boolean moved = false;
      for (String me : hosts) {
        Optional<ShardSpread.Move> move = ShardSpread.next(32, claims, hosts, me);
        if (move.isPresent()) {
          claims.put(move.get().shard(), new ShardClaim(move.get().to(), me, move.get().from().epoch() + 1));
          moved = true;
        }
      }
      if (!moved) {
        break;
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    claims.values().forEach(c -> counts.merge(c.owner(), 1, Integer::sum));
    assertEquals(hosts.size(), counts.size(), counts.toString());
    assertTrue(counts.values().stream().allMatch(n -> n == 4), counts.toString());
  }
}
