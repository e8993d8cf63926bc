package io.bankbus.node;

import io.bankbus.cluster.ClusterOptions;
import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;

/** The "From Java" example of README.md, verbatim between the markers; {@link ReadmeExampleIT} runs it. */
final class ReadmeExample {
  private ReadmeExample() {
  }

  // README-BEGIN
  static Future<Long> openAndDeposit(ClusterOptions cluster) {
    NodeOptions roles = NodeOptions.defaults().withCashiers(2);     // a branch, 2 cashiers, free ledger shards
    return BankNode.start(cluster, roles).compose(node -> {
      BankClient client = new BankClient(node.vertx(), BankModel.MESSAGE_PASSING, 5_000);
      Future<Long> balance = client.takeTicket("alice")              // wait in line until a cashier calls
          .compose(visit -> visit.execute(Operation.open("alice-open", "alice", 1_000))
              .compose(opened -> visit.execute(Operation.deposit("alice-dep-1", "alice", 250)))
              .compose(deposited -> visit.leave().map(left -> deposited.balance())));
      return node.closeAfter(balance);                               // undeploy, leave the cluster, then answer
    });
  }
  // README-END
}
