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
 * A shard owner frozen with SIGSTOP past failure detection, then resumed, in a bank with the majority rule
 * ({@code --expected-nodes 3}): the frozen node notices its pause, takes nothing over, merges back and steps
 * aside, and the audit is exact. Out of the suite until 2026-12-01 (passed 3 of 5: a visit hanging past the
 * drain, 42.95 missing); with the fixes a partition taught message passing (a lost debit answer found out, the
 * audit waiting for transfers being finished, the registration nudge after a merge: docs/partitions.md) it passed
 * 6 of 6 runs in a row.
 */
class FrozenOwnerIT {
  private static final Path OUT = Path.of("target/failover-it");

  private static boolean ownedAndFollowedWithin(Map<Integer, ShardClaim> claims, Set<String> nodes) {
    return claims.values().stream().allMatch(c -> nodes.contains(c.owner()) && c.follower() != null
        && nodes.contains(c.follower()));
  }

  @Test
  @DisplayName("with the majority rule, an owner frozen past failure detection, then resumed, steps aside and nothing acknowledged is lost")
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
      assertTrue(frozen.output().contains("steps aside"), frozen.output());
      assertTrue(frozen.output().contains("stood still"), "the frozen node noticed its pause: " + frozen.output());
    }
  }

}
