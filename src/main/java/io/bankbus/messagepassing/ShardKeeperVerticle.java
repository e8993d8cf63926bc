package io.bankbus.messagepassing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ledger shards owned: every {@code periodMs} it has its node look at the shards' claims and act on what
 * it finds there (a follower whose owner left takes the shard over from its copy; see {@link ShardOwnership}).
 * Every shard-owning node runs one; one look at a time. Between looks it watches the members, so that a node
 * that leaves is acted on within {@link #WATCH_MS}.
 */
final class ShardKeeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ShardKeeperVerticle.class);

  /** How often the members are compared with the last ones seen: a departure is acted on within this. */
  static final long WATCH_MS = 50;

  private final long periodMs;
  private final Supplier<Future<Void>> look;
  private final Supplier<Set<String>> members;
  private final Consumer<Set<String>> departed;
  private boolean looking;
  private Set<String> seen;

  /**
   * @param members  the nodes in the cluster now (read locally, cheap)
   * @param departed told at once, between looks, of the nodes that have left since it was last told
   */
  ShardKeeperVerticle(long periodMs, Supplier<Future<Void>> look, Supplier<Set<String>> members,
                      Consumer<Set<String>> departed) {
    this.periodMs = periodMs;
    this.look = look;
    this.members = members;
    this.departed = departed;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(periodMs, id -> tick());
    vertx.setPeriodic(WATCH_MS, id -> watch());
    return Future.succeededFuture();
  }

  private void watch() {
    Set<String> now = members.get();
    Set<String> before = seen;
    seen = now;
    if (before == null || now.containsAll(before)) {
      return;
    }
    Set<String> gone = new HashSet<>(before);
    gone.removeAll(now);
    try {
      departed.accept(gone);
    } catch (RuntimeException bug) {
      LOG.warn("acting on the departure of {} failed: {}", gone, bug.getMessage(), bug);
    }
  }

  private void tick() {
    if (looking) {
      return;
    }
    looking = true;
    Future<Void> done;
    try {
      done = look.get();
    } catch (RuntimeException bug) {
      done = Future.failedFuture(bug);
    }
    done.onComplete(looked -> {
      looking = false;
      if (looked.failed()) {
        LOG.warn("looking after ledger shards failed, trying again in {} ms: {}", periodMs,
            looked.cause().getMessage());
      }
    });
  }
}
