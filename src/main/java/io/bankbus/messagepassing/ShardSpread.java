package io.bankbus.messagepassing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How ledger shards spread over the nodes that can own them (pure: no Vert.x, no clock). A node that owns two or
 * more shards more than the least-loaded node hands one over to it, one at a time, so the counts end at most one
 * apart: a node that joins takes its share of the ledger. Nothing moves while a shard is unclaimed (nodes still
 * starting) or its owner is not among the nodes (a takeover or a leave is under way): spreading never races a
 * failover.
 */
final class ShardSpread {
  private ShardSpread() {
  }

  /** Hand {@code shard} (claimed as {@code from}) to node {@code to}. */
  record Move(int shard, ShardClaim from, String to) {
  }

  /**
   * @param total  the bank's number of shards: nothing moves until every one is claimed (nodes still starting)
   * @param claims every shard's claim
   * @param hosts  the live nodes that can own shards (this one included)
   * @param me     this node
   * @return the one shard this node should hand over now, if any
   */
  static Optional<Move> next(int total, Map<Integer, ShardClaim> claims, List<String> hosts, String me) {
    if (claims.size() < total || !hosts.contains(me) || hosts.size() < 2) {
      return Optional.empty();
    }
    TreeMap<String, List<Integer>> owned = new TreeMap<>();
    hosts.forEach(h -> owned.put(h, new ArrayList<>()));
    for (Map.Entry<Integer, ShardClaim> e : new TreeMap<>(claims).entrySet()) {
      List<Integer> shards = owned.get(e.getValue().owner());
      if (shards == null) {
        return Optional.empty();
      }
      shards.add(e.getKey());
    }
    String least = null;
    for (Map.Entry<String, List<Integer>> e : owned.entrySet()) {
      if (!e.getKey().equals(me) && (least == null || e.getValue().size() < owned.get(least).size())) {
        least = e.getKey();
      }
    }
    List<Integer> mine = owned.get(me);
    if (mine.size() - owned.get(least).size() < 2) {
      return Optional.empty();
    }
    String to = least;
    // A shard the receiver already follows needs no copy sent first.
    int shard = mine.stream().filter(s -> claims.get(s).followedBy(to)).findFirst().orElse(mine.get(0));
    return Optional.of(new Move(shard, claims.get(shard), to));
  }
}
