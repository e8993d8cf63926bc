package io.bankbus.support;

import io.bankbus.cluster.Clustering;
import io.bankbus.node.BankNode;
import io.bankbus.node.NodeOptions;
import io.bankbus.messagepassing.ShardSelection;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;

/** Ready-made banks for tests; each serves every model side by side, as one cluster can. */
public final class Banks {
  private Banks() {
  }

  /** One local (non-clustered) Vert.x holding the whole bank and its customers. */
  public static Future<TestBank> local(int cashiers, BankRules rules) {
    Vertx vertx = Vertx.vertx();
    return BankNode.deploy(vertx, null, NodeOptions.defaults().withModels(BankModel.values())
            .withCashiers(cashiers).withRules(rules))
        .map(node -> new TestBank(vertx, List.of(node), List.of(vertx), rules))
        .recover(failure -> vertx.close().transform(v -> Future.failedFuture(failure)));
  }

  /**
   * Two clustered nodes in this JVM: node A owns ledger shards 0-3, has no cashiers, and is where the
   * customers run; node B owns shards 4-7 and has the branches and their cashiers. Every visit therefore
   * crosses the cluster, and ledger owners live on both nodes.
   */
  public static Future<TestBank> clustered(String test, int cashiers, BankRules rules) {
    return clustered(test, 0, cashiers, rules);
  }

  /** As {@link #clustered(String, int, BankRules)}, with {@code cashiersA} cashiers on node A too. */
  public static Future<TestBank> clustered(String test, int cashiersA, int cashiersB, BankRules rules) {
    return clustered(test, cashiersA, cashiersB, rules, new VertxOptions());
  }

  /** As above, each node built with {@code vertxOptions} (for example a tiny default worker pool). */
  public static Future<TestBank> clustered(String test, int cashiersA, int cashiersB, BankRules rules,
                                           VertxOptions vertxOptions) {
    String name = TestClusters.uniqueClusterName(test);
    List<Integer> ports = TestClusters.freePorts(2);
    BankRules eight = rules.withLedgerShards(8);
    NodeOptions all = NodeOptions.defaults().withModels(BankModel.values()).withRules(eight);
    Future<Clustering.ClusteredVertx> joinA = TestClusters.join(name, ports.get(0), ports, new VertxOptions(vertxOptions.toJson()));
    Future<Clustering.ClusteredVertx> joinB = TestClusters.join(name, ports.get(1), ports, new VertxOptions(vertxOptions.toJson()));
    return Future.all(joinA, joinB).compose(joined -> TestClusters.awaitClusterSafe(joinA.result(), 30_000))
        .compose(safe -> {
      Clustering.ClusteredVertx a = joinA.result();
      Clustering.ClusteredVertx b = joinB.result();
      return BankNode.deploy(a.vertx(), a.clusterManager(), all.withCashiers(cashiersA)
              .withShards(ShardSelection.parse("0-3")))
          .compose(nodeA -> BankNode.deploy(b.vertx(), b.clusterManager(), all.withCashiers(cashiersB)
                  .withShards(ShardSelection.parse("4-7")))
              .map(nodeB -> new TestBank(a.vertx(), List.of(nodeB, nodeA), List.of(b.vertx(), a.vertx()), eight)));
    }).recover(failure -> Future.join(close(joinA), close(joinB)).transform(v -> Future.failedFuture(failure)));
  }

  private static Future<Void> close(Future<Clustering.ClusteredVertx> joined) {
    return joined.succeeded() ? joined.result().vertx().close() : Future.succeededFuture();
  }
}
