package io.bankbus.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bankbus.cluster.Clustering;
import io.bankbus.node.BankNode;
import io.bankbus.node.NodeOptions;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.ClusterNames;
import io.bankbus.protocol.Operation;
import io.bankbus.support.TestClusters;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sweep of a departed node's pending claims, in a real cluster: a lite member where customers would run
 * (it runs no sweeper, and may well have the smallest id), two shared-state nodes, and a member that leaves
 * with two claims pending, one applied and one not. One of the two nodes must sweep both, and only the two
 * nodes may be listed as sweepers.
 */
@ExtendWith(VertxExtension.class)
class DeadNodeSweepIT {
  private final List<Clustering.ClusteredVertx> members = new ArrayList<>();
  private final String cluster = TestClusters.uniqueClusterName("dead-node-sweep");
  private final List<Integer> ports = TestClusters.freePorts(4);

  @AfterEach
  void stop(VertxTestContext ctx) throws Throwable {
    Future.join(members.stream().map(m -> m.vertx().close()).toList()).onComplete(done -> ctx.completeNow());
    ctx.awaitCompletion(60, TimeUnit.SECONDS);
  }

  private Future<Clustering.ClusteredVertx> join(int i, boolean lite) {
    Future<Clustering.ClusteredVertx> joined = lite ? TestClusters.joinLite(cluster, ports.get(i), ports)
        : TestClusters.join(cluster, ports.get(i), ports);
    return joined.onSuccess(members::add);
  }

  private Future<BankNode> bankNode(int i) {
    return join(i, false).compose(joined -> BankNode.deploy(joined.vertx(), joined.clusterManager(),
        NodeOptions.defaults().withModels(BankModel.SHARED_STATE).withCashiers(1)));
  }

  @Test
  @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
  @DisplayName("one of the nodes that run a sweeper settles what a departed member left pending")
  void departedClaimsAreSettled(VertxTestContext ctx) {
    Checkpoint listed = ctx.checkpoint();
    Checkpoint neverAppliedUnclaimed = ctx.checkpoint();
    Checkpoint appliedRecorded = ctx.checkpoint();
    Operation never = Operation.deposit("gone-never", "y", 50);
    Operation applied = Operation.deposit("gone-applied", "x", 300);
    // A lite member cannot be the first: the cluster needs a data member before Vert.x can start on it.
    bankNode(0).compose(a -> bankNode(1)).compose(b -> join(2, true)).compose(customers -> join(3, false)
        .compose(gone -> {
          SharedAccounts accounts = SharedAccounts.of(customers.vertx(), BankModel.SHARED_STATE);
          String goneId = gone.clusterManager().getNodeId();
          return TestClusters.awaitClusterSafe(customers, 30_000)
              .compose(v -> checkListed(ctx, customers, listed))
              .compose(v -> accounts.open("x", 1_000, "open-x", goneId))
              .compose(v -> accounts.open("y", 1_000, "open-y", goneId))
              .compose(v -> accounts.claim(never, goneId))
              .compose(v -> accounts.claim(applied, goneId))
              .compose(v -> accounts.put("x", new AccountValue(1_300, 2, applied.opId(), goneId)))
              .compose(v -> gone.vertx().close())                       // it leaves, its claims still pending
              .compose(v -> settled(customers, accounts, never.opId(), applied.opId(), System.nanoTime()));
        }))
        .onComplete(ctx.succeeding(records -> {
          ctx.verify(() -> assertEquals(null, records.get(0), "a claim never applied is removed (its retry applies it)"));
          neverAppliedUnclaimed.flag();
          ctx.verify(() -> {
            JsonObject record = records.get(1);
            assertEquals(SharedAccounts.DONE, record.getString("state"), record.encode());
            assertEquals(true, record.getBoolean("recovered"));
          });
          appliedRecorded.flag();
        }));
  }

  /** The sweepers listed are exactly the two shared-state nodes (not the customers' member, not the leaver). */
  private Future<Void> checkListed(VertxTestContext ctx, Clustering.ClusteredVertx customers, Checkpoint listed) {
    return customers.vertx().sharedData().<String, Long>getAsyncMap(ClusterNames.sweepersMap(BankModel.SHARED_STATE))
        .compose(map -> map.keys()).map(keys -> {
          ctx.verify(() -> assertEquals(Set.of(members.get(0).clusterManager().getNodeId(),
              members.get(1).clusterManager().getNodeId()), keys));
          listed.flag();
          return null;
        });
  }

  /** Both records once the first is gone and the second done; fails after 60 s of looking, every 100 ms. */
  private Future<List<JsonObject>> settled(Clustering.ClusteredVertx customers, SharedAccounts accounts,
                                           String never, String applied, long startNanos) {
    return Future.all(accounts.record(never), accounts.record(applied)).compose(read -> {
      JsonObject first = read.resultAt(0);
      JsonObject second = read.resultAt(1);
      if (first == null && second != null && SharedAccounts.DONE.equals(second.getString("state"))) {
        return Future.succeededFuture(Arrays.asList(first, second));
      }
      if (System.nanoTime() - startNanos > 60_000_000_000L) {
        return Future.failedFuture(new AssertionError("not settled within 60 s: " + first + " / " + second));
      }
      Promise<Void> later = Promise.promise();
      customers.vertx().setTimer(100, t -> later.complete());
      return later.future().compose(v -> settled(customers, accounts, never, applied, startNanos));
    });
  }
}
