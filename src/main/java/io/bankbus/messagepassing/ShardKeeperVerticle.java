package io.bankbus.messagepassing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-homes ledger shards: every {@code periodMs} it looks for shards whose owner left the cluster (killed,
 * or gone on purpose), claims what it can and has each one adopted on this node, where its owner rebuilds
 * it from the shard's log. Every shard-owning node runs one, so a shard comes back as long as one of them
 * lives; claims make sure only one adopts it.
 */
public final class ShardKeeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ShardKeeperVerticle.class);

  private final ShardClaims claims;
  private final int shards;
  private final long periodMs;
  private final Function<Integer, Future<Void>> adopt;
  private boolean checking;
  private final Set<Integer> seenOrphaned = new HashSet<>();

  /**
   * @param adopt deploys the owner of a shard just claimed by this node
   */
  public ShardKeeperVerticle(ShardClaims claims, int shards, long periodMs, Function<Integer, Future<Void>> adopt) {
    this.claims = claims;
    this.shards = shards;
    this.periodMs = periodMs;
    this.adopt = adopt;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(periodMs, id -> check());
    return Future.succeededFuture();
  }

  private void check() {
    if (checking) {
      return;
    }
    checking = true;
    claims.orphans(shards)
        .map(orphans -> {
          // An orphan is adopted only if it was one at the previous look too: a member list caught changing
          // does not move a shard.
          List<Integer> confirmed = orphans.stream().filter(seenOrphaned::contains).toList();
          seenOrphaned.clear();
          seenOrphaned.addAll(orphans);
          return confirmed;
        })
        .compose(orphans -> orphans.isEmpty() ? Future.succeededFuture(List.<Integer>of()) : claims.claimFree(orphans))
        .compose(won -> {
          Future<Void> chain = Future.succeededFuture();
          for (int shard : won) {
            chain = chain.compose(v -> adopt.apply(shard).onSuccess(x -> LOG.info("adopted ledger shard {}", shard)));
          }
          return chain;
        })
        .onComplete(done -> {
          checking = false;
          if (done.failed()) {
            LOG.warn("re-homing ledger shards failed, trying again in {} ms: {}", periodMs, done.cause().getMessage());
          }
        });
  }
}
