package io.bankbus.support;

import io.bankbus.node.LedgerReader;
import io.bankbus.audit.LedgerState;
import io.bankbus.client.BankClient;
import io.bankbus.node.BankNode;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * A bank under test and where its customers run. {@link #close()} stops everything it started.
 *
 * @param customers the Vert.x the test's customers send from (in clustered banks, not a cashier node)
 * @param nodes     the bank nodes
 * @param closers   what to close, in order
 */
public record TestBank(Vertx customers, List<BankNode> nodes, List<Vertx> closers, BankRules rules) {

  public BankClient client(BankModel model) {
    return new BankClient(customers, model, 20_000);
  }

  /** What the bank recorded for {@code model}, read back from a customer node. */
  public Future<LedgerState> ledger(BankModel model) {
    return LedgerReader.read(customers, model, rules.ledgerShards(), 10_000);
  }

  public long exclusionBreaches() {
    return nodes.stream().mapToLong(BankNode::exclusionBreaches).sum();
  }

  public Future<Void> close() {
    Future<Void> chain = Future.succeededFuture();
    for (BankNode node : nodes) {
      chain = chain.eventually(node::close);
    }
    for (Vertx v : closers) {
      chain = chain.eventually(v::close);
    }
    return chain;
  }
}
