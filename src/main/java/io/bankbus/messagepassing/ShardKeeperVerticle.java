package io.bankbus.messagepassing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ledger shards owned: every {@code periodMs} it has its node look at the shards' claims and act on what
 * it finds there (a follower whose owner left takes the shard over from its copy; see {@link ShardOwnership}).
 * Every shard-owning node runs one; one look at a time.
 */
final class ShardKeeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ShardKeeperVerticle.class);

  private final long periodMs;
  private final Supplier<Future<Void>> look;
  private boolean looking;

  ShardKeeperVerticle(long periodMs, Supplier<Future<Void>> look) {
    this.periodMs = periodMs;
    this.look = look;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(periodMs, id -> tick());
    return Future.succeededFuture();
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
