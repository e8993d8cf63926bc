package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShardMapTest {
  private static final int SHARDS = 16;
  private static final int ACCOUNTS = 1000;

  /** Account ids of the form the load uses (WorkloadGenerator: run tag, "-a", index). */
  private static List<List<String>> byShard(ShardMap map) {
    List<List<String>> shards = new ArrayList<>();
    for (int s = 0; s < map.shards(); s++) {
      shards.add(new ArrayList<>());
    }
    for (int i = 0; i < ACCOUNTS; i++) {
      String account = "run7f3a-a" + i;
      shards.get(map.shardOf(account)).add(account);
    }
    return shards;
  }

  @Test
  @DisplayName("accounts spread evenly over the shards")
  void spreadsOverShards() {
    for (List<String> shard : byShard(new ShardMap(SHARDS))) {
      assertTrue(shard.size() > ACCOUNTS / SHARDS / 2 && shard.size() < ACCOUNTS / SHARDS * 3 / 2,
          "a shard of " + shard.size() + " accounts");
    }
  }

  /**
   * Within one shard the accounts must spread over a HashMap's buckets too. The bucket is HashMap's own choice,
   * {@code (h ^ h >>> 16) & (capacity - 1)} (java.util.HashMap.hash); more than 8 in one bucket turns it into a
   * tree. With the plain hash mod 16, 18 of these accounts shared one bucket.
   */
  @Test
  @DisplayName("the accounts of one shard do not crowd into a few of its HashMap's buckets")
  void accountsOfAShardSpreadOverBuckets() {
    int capacity = 128;                            // a HashMap's table for 49-96 entries
    for (List<String> shard : byShard(new ShardMap(SHARDS))) {
      Map<Integer, Integer> buckets = new HashMap<>();
      for (String account : shard) {
        int h = account.hashCode();
        buckets.merge((h ^ (h >>> 16)) & (capacity - 1), 1, Integer::sum);
      }
      int fullest = buckets.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      assertTrue(fullest <= 8, "a bucket of " + fullest + " accounts in a shard of " + shard.size());
    }
  }

  @Test
  @DisplayName("a fixed id has a fixed shard: nodes of one bank must agree, so the function may not drift")
  void stable() {
    assertEquals(11, new ShardMap(16).shardOf("alice"));
    assertEquals(0, new ShardMap(1).shardOf("anyone"));
    assertThrows(IllegalArgumentException.class, () -> new ShardMap(0));
  }
}
