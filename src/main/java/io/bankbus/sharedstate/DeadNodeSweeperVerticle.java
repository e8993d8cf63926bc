package io.bankbus.sharedstate;

import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.ClusterNames;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster's members and, when some leave, has the shared-state teller settle the operations they
 * left pending ({@link LockedSharedStateTeller#sweep}) if this node is the one that sweeps ({@link Departures}).
 * Every node that runs a sweeper is listed in a clustered map ({@link ClusterNames#sweepersMap}) before its
 * cashiers serve, so a node that can leave claims behind is listed; nodes that serve other models, and the load's
 * own process, are not, and are never chosen. A sweep that could not settle everything (a lock was busy) is tried
 * again on the next look.
 */
public final class DeadNodeSweeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DeadNodeSweeperVerticle.class);

  private final LockedSharedStateTeller teller;
  private final String mapName;
  private final String nodeId;
  private final Supplier<Set<String>> members;
  private final long periodMs;
  private Departures departures;
  private boolean busy;

  public DeadNodeSweeperVerticle(LockedSharedStateTeller teller, BankModel model, String nodeId,
                                 Supplier<Set<String>> members, long periodMs) {
    this.teller = teller;
    this.mapName = ClusterNames.sweepersMap(model);
    this.nodeId = nodeId;
    this.members = members;
    this.periodMs = periodMs;
  }

  @Override
  public Future<?> start() {
    departures = new Departures(nodeId, members.get());
    return sweepers().compose(map -> map.put(nodeId, System.currentTimeMillis())
            // A write whose backup did not answer in time (a member still joining) fails: once more.
            .recover(failed -> map.put(nodeId, System.currentTimeMillis())))
        .onSuccess(v -> vertx.setPeriodic(periodMs, id -> tick()));
  }

  @Override
  public Future<?> stop() {
    return sweepers().compose(map -> map.remove(nodeId)).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<AsyncMap<String, Long>> sweepers() {
    return vertx.sharedData().getAsyncMap(mapName);
  }

  private void tick() {
    if (busy || !departures.look(members.get())) {
      return;
    }
    busy = true;
    Set<String> live = members.get();
    liveSweepers(live).compose(listed -> {
      Set<String> gone = departures.toSweep(listed);
      if (gone.isEmpty()) {
        return Future.succeededFuture();
      }
      return teller.sweep(gone).compose(found -> {
        departures.swept(gone);
        if (found > 0) {
          LOG.info("settled the pending operations of departed node(s) {}: {} found", gone, found);
        }
        // Housekeeping only: the swept nodes are gone, so their entries would only be filtered out forever.
        return sweepers().compose(map -> Future.all(gone.stream().map(map::remove).toList())).mapEmpty();
      });
    }).onComplete(done -> {
      busy = false;
      if (done.failed()) {
        departures.failed();
        LOG.warn("sweeping the pending operations of departed nodes failed, trying again: {}",
            done.cause().getMessage());
      }
    });
  }

  /** The live members listed as running a sweeper: one read per member, no query over the whole map. */
  private Future<Set<String>> liveSweepers(Set<String> live) {
    List<String> candidates = List.copyOf(live);
    return sweepers().compose(map -> Future.all(candidates.stream().map(map::get).toList())).map(read -> {
      Set<String> listed = new HashSet<>();
      for (int i = 0; i < candidates.size(); i++) {
        if (read.resultAt(i) != null) {
          listed.add(candidates.get(i));
        }
      }
      return listed;
    });
  }
}
