package io.bankbus.messagepassing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a node must do for the ledger shards, decided from their claims alone (pure: no Vert.x, no clock). A shard
 * whose owner left is taken over by its follower, from its copy, at the next epoch; a shard handed to this node
 * by an owner that left on purpose is started from its copy; a shard whose owner and follower are both gone has
 * no copy left, and is never restarted empty.
 */
final class ShardTakeovers {
  private ShardTakeovers() {
  }

  /** One thing to do for one shard. {@code from}: the claim as read, to compare-and-set against. */
  record Action(Kind kind, int shard, ShardClaim from) {
  }

  enum Kind {
    /** Its owner left; this node follows it: claim the next epoch, then own the shard from the copy. */
    TAKE_OVER,
    /** The claim names this node owner (a handover) but no owner runs here: own the shard from the copy. */
    START_HANDED_OVER,
    /** Owner and follower both left: nothing holds the shard any more. */
    LOST,
    /**
     * An owner runs here but the claim names another node: it was replaced while it could not see the others
     * (say, frozen past failure detection). It stops; nothing it applied since was acknowledged.
     */
    STEP_ASIDE
  }

  /**
   * @param claims  every shard's claim
   * @param members the nodes in the cluster now
   * @param me      this node
   * @param running the shards whose owner runs on this node (or is being started)
   */
  static List<Action> decide(Map<Integer, ShardClaim> claims, Set<String> members, String me, Set<Integer> running) {
    List<Action> actions = new ArrayList<>();
    claims.forEach((shard, claim) -> {
      boolean ownerGone = !members.contains(claim.owner());
      if (claim.ownedBy(me)) {
        if (!running.contains(shard)) {
          actions.add(new Action(Kind.START_HANDED_OVER, shard, claim));
        }
      } else if (running.contains(shard)) {
        actions.add(new Action(Kind.STEP_ASIDE, shard, claim));
      } else if (ownerGone && claim.followedBy(me)) {
        actions.add(new Action(Kind.TAKE_OVER, shard, claim));
      } else if (ownerGone && (claim.follower() == null || !members.contains(claim.follower()))) {
        actions.add(new Action(Kind.LOST, shard, claim));
      }
    });
    return actions;
  }
}
