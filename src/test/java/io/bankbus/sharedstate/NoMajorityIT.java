package io.bankbus.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.client.BankClient;
import io.bankbus.client.RetryPolicy;
import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.Clustering;
import io.bankbus.node.BankNode;
import io.bankbus.node.NodeOptions;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.support.TestClusters;
import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Split-brain protection seen by a customer, without cutting a network: a bank that expects 3 nodes and has
 * only 1 (a minority) refuses shared-state operations with NO_MAJORITY; with a second node (a majority of 3) the
 * same operation is done. What a real cut does is measured by scripts/hosts.sh (docs/partitions.md).
 */
@ExtendWith(VertxExtension.class)
class NoMajorityIT {
  private final List<Clustering.ClusteredVertx> members = new ArrayList<>();
  private final String cluster = TestClusters.uniqueClusterName("no-majority");
  private final List<Integer> ports = TestClusters.freePorts(2);

  @AfterEach
  void stop(VertxTestContext ctx) throws Throwable {
    Future.join(members.stream().map(m -> m.vertx().close()).toList()).onComplete(done -> ctx.completeNow());
    ctx.awaitCompletion(60, TimeUnit.SECONDS);
  }

  private Future<BankNode> node(int i, BankModel model) {
    ClusterOptions options = TestClusters.options(cluster, ports.get(i), ports).withExpectedNodes(3);
    return Clustering.join(options).compose(joined -> {
      members.add(joined);
      return BankNode.deploy(joined.vertx(), joined.clusterManager(),
          NodeOptions.defaults().withModels(model).withCashiers(1));
    });
  }

  private Future<?> open(BankModel model, String id) {
    BankClient client = new BankClient(members.get(0).vertx(), model, 20_000);
    return client.takeTicket("alice", 20_000, Operation.open(id, id, 100)).compose(BankClient.Visit::first);
  }

  @ParameterizedTest
  @EnumSource(value = BankModel.class, names = {"SHARED_STATE", "UNLOCKED_SHARED_STATE"})
  @DisplayName("one node of an expected three refuses a shared-state write with NO_MAJORITY, which customers retry")
  void minorityRefuses(BankModel model, VertxTestContext ctx) {
    node(0, model).compose(n -> open(model, "minority-" + model.wire()))
        .onComplete(ctx.failing(refused -> ctx.verify(() -> {
          assertEquals(BankError.NO_MAJORITY, BankError.of(refused), refused.getMessage());
          assertEquals(308, BankError.of(refused).code());
          assertEquals(RetryPolicy.Action.RETRY_SAME_VISIT, RetryPolicy.classify(refused));
          ctx.completeNow();
        })));
  }

  @ParameterizedTest
  @EnumSource(value = BankModel.class, names = {"SHARED_STATE", "UNLOCKED_SHARED_STATE"})
  @DisplayName("two nodes of an expected three are a majority: the same shared-state write is done")
  void majorityServes(BankModel model, VertxTestContext ctx) {
    node(0, model).compose(a -> node(1, model))
        .compose(b -> TestClusters.awaitClusterSafe(members.get(0), 30_000))
        .compose(safe -> open(model, "majority-" + model.wire()))
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          assertTrue(done != null);
          ctx.completeNow();
        })));
  }
}
