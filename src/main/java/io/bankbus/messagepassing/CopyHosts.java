package io.bankbus.messagepassing;

import io.bankbus.protocol.ClusterNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The live nodes that hold shard copies (those that can own and follow shards), as one node last looked them
 * up. Looking up is a query of a clustered map, which Hazelcast runs over every partition on every member: each
 * shard owner looking up for itself every second, and the keeper three times a look, had cost a node 20 queries a
 * second (Hazelcast was 12 % of a node's CPU under load, profiled). So one node keeps one answer, which the
 * keeper's looks and the owners read, refreshing it when it is older than {@link #FRESH_MS}; a node that has left
 * is dropped from it at once (by the cluster's membership). Used from any thread.
 */
final class CopyHosts {
  /** How old an answer may get before a read refreshes it: a node that joins is seen within about a second. */
  static final long FRESH_MS = 1_000;

  private final Vertx vertx;
  private final Supplier<Set<String>> members;
  private final AtomicBoolean lookingUp = new AtomicBoolean();
  private volatile List<String> latest = List.of();
  private volatile long latestAtNanos = System.nanoTime() - 2 * FRESH_MS * 1_000_000;
  private volatile boolean answered;

  /** @param members the nodes of the cluster right now (a node listed in the map but gone is left out) */
  CopyHosts(Vertx vertx, Supplier<Set<String>> members) {
    this.vertx = vertx;
    this.members = members;
  }

  /** Looks the hosts up now (sorted, live ones only) and keeps the answer for {@link #recent()}. */
  Future<List<String>> lookUp() {
    return vertx.sharedData().<String, Long>getAsyncMap(ClusterNames.COPY_HOSTS_MAP)
        .compose(AsyncMap::keys).map(keys -> {
          Set<String> live = members.get();
          List<String> found = keys.stream().filter(live::contains).sorted().toList();
          latest = found;
          latestAtNanos = System.nanoTime();
          answered = true;
          return found;
        });
  }

  /**
   * The last answer without the nodes that have left since, without waiting; if it is older than
   * {@link #FRESH_MS}, one look-up starts (at most one at a time) whose answer the next call sees. Empty until the
   * first look-up completes.
   */
  List<String> recent() {
    if (System.nanoTime() - latestAtNanos > FRESH_MS * 1_000_000 && lookingUp.compareAndSet(false, true)) {
      lookUp().onComplete(done -> lookingUp.set(false));
    }
    Set<String> live = members.get();
    List<String> last = latest;
    return last.stream().allMatch(live::contains) ? last : last.stream().filter(live::contains).toList();
  }

  /**
   * {@link #recent()} once a look-up has answered, else the first look-up. Why not always a fresh one: right
   * after a member dies, Hazelcast's query over every partition waits for the partitions to be repaired, and a
   * look-up took 0.8 s then (measured in a chaos run), in front of every takeover and every new follower's fill.
   * The answer may miss a node that joined in the last second, never includes one that left.
   */
  Future<List<String>> current() {
    return answered ? Future.succeededFuture(recent()) : lookUp();
  }
}
