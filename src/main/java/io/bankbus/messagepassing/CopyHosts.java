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
 * second (Hazelcast was 12 % of a node's CPU under load, profiled). So one node keeps one answer: the keeper
 * refreshes it at every look, and an owner's periodic check reads it, refreshing it only if it is older than
 * {@link #FRESH_MS}. Used from any thread.
 */
final class CopyHosts {
  /** How old an answer an owner's periodic check still takes (the keeper refreshes it four times as often). */
  static final long FRESH_MS = 1_000;

  private final Vertx vertx;
  private final Supplier<Set<String>> members;
  private final AtomicBoolean lookingUp = new AtomicBoolean();
  private volatile List<String> latest = List.of();
  private volatile long latestAtNanos = System.nanoTime() - 2 * FRESH_MS * 1_000_000;

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
          return found;
        });
  }

  /**
   * The last answer, without waiting; if it is older than {@link #FRESH_MS}, one look-up starts (at most one at a
   * time) whose answer the next call sees. Empty until the first look-up completes.
   */
  List<String> recent() {
    if (System.nanoTime() - latestAtNanos > FRESH_MS * 1_000_000 && lookingUp.compareAndSet(false, true)) {
      lookUp().onComplete(done -> lookingUp.set(false));
    }
    return latest;
  }
}
