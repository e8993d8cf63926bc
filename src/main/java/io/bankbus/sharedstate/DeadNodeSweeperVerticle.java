package io.bankbus.sharedstate;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster's members and, when some leave, has the shared-state teller settle the operations they
 * left pending ({@link LockedSharedStateTeller#sweep}) if this node is the one that sweeps ({@link Departures}).
 * A sweep that could not settle everything (a lock was busy) is tried again on the next look.
 */
public final class DeadNodeSweeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DeadNodeSweeperVerticle.class);

  private final LockedSharedStateTeller teller;
  private final String nodeId;
  private final Supplier<Set<String>> members;
  private final long periodMs;
  private Departures departures;
  private boolean sweeping;

  public DeadNodeSweeperVerticle(LockedSharedStateTeller teller, String nodeId, Supplier<Set<String>> members,
                                 long periodMs) {
    this.teller = teller;
    this.nodeId = nodeId;
    this.members = members;
    this.periodMs = periodMs;
  }

  @Override
  public Future<?> start() {
    departures = new Departures(nodeId, members.get());
    vertx.setPeriodic(periodMs, id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    Set<String> gone = departures.look(members.get());
    if (sweeping || gone.isEmpty()) {
      return;
    }
    sweeping = true;
    teller.sweep(gone).onComplete(done -> {
      sweeping = false;
      if (done.succeeded()) {
        departures.swept(gone);
        if (done.result() > 0) {
          LOG.info("settled the pending operations of departed node(s) {}: {} found", gone, done.result());
        }
      } else {
        LOG.warn("sweeping the pending operations of {} failed, trying again: {}", gone, done.cause().getMessage());
      }
    });
  }
}
