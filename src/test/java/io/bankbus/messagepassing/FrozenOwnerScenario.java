package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.support.NodeProcess;
import io.bankbus.support.ShardFleet;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * NOT PART OF THE SUITE YET (its name does not end in IT, so failsafe leaves it out; run it with
 * {@code mvn verify -Dit.test=FrozenOwnerScenario -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}).
 * A shard owner frozen with SIGSTOP past failure detection, then resumed. On 2026-12-01, on a busy 2-core machine,
 * it failed in each of its last three runs (a load whose last visits never ended, then twice money missing). The
 * frozen node itself behaves (it takes nothing over while its view is
 * stale, merges back and steps aside), but the freeze disturbs Hazelcast's membership among the survivors too:
 * they split for seconds, each side sees the other "gone", takes its shards over from the copies it follows and
 * acknowledges alone, and money goes missing. Only a majority rule (issue 17: acknowledge and take over only on
 * a side that sees a majority of the bank's nodes) closes that. See docs/faults-and-locks.md, Limits.
 */
class FrozenOwnerScenario {
  private static final Path OUT = Path.of("target/failover-it");

  private static boolean ownedAndFollowedWithin(Map<Integer, ShardClaim> claims, Set<String> nodes) {
    return claims.values().stream().allMatch(c -> nodes.contains(c.owner()) && c.follower() != null
        && nodes.contains(c.follower()));
  }

  @Test
  @DisplayName("an owner frozen past failure detection, then resumed, acknowledges nothing after the takeover and steps aside")
  void frozenOwnerStepsAside() throws Exception {
    try (ShardFleet fleet = new ShardFleet(OUT.resolve("freeze"), 3, 0, 3)) {
      String a = ShardFleet.idOf(fleet.node(0));
      String b = ShardFleet.idOf(fleet.node(1));
      String c = ShardFleet.idOf(fleet.node(2));
      ShardFleet.Load load = fleet.load("--duration", "25");
      load.measuring.get(180, TimeUnit.SECONDS);
      CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS)).get();
      Map<Integer, ShardClaim> before = fleet.awaitClaims(all -> ownedAndFollowedWithin(all, Set.of(a, b, c)), 30);
      long frozenShards = before.values().stream().filter(cl -> cl.ownedBy(c)).count();
      NodeProcess frozen = fleet.node(2);
      ShardFleet.signal(frozen, "STOP");
      fleet.awaitClaims(all -> all.values().stream().noneMatch(cl -> cl.ownedBy(c)), 60);
      ShardFleet.signal(frozen, "CONT");
      int exit = load.exit(300);
      assertEquals(0, exit, load.output());
      JsonObject audit = load.run().getJsonObject("audit");
      assertTrue(audit.getBoolean("passed"), audit.encode());
      assertTrue(frozenShards > 0, before.toString());
      assertTrue(fleet.claims().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).values().stream()
          .noneMatch(cl -> cl.ownedBy(c)), "the frozen node took nothing back");
      assertTrue(frozen.output().contains("steps aside"), frozen.output());
    }
  }

}
