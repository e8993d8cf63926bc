package io.bankbus.node;

import io.bankbus.cashier.CashierVerticle;
import io.bankbus.cashier.ModelWiring;
import io.bankbus.cashier.NodeSite;
import io.bankbus.protocol.BankModel;
import io.bankbus.queue.BranchVerticle;
import io.bankbus.status.BankMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A node's branches: for each model it serves, one line of customers ({@link BranchVerticle}) and its cashiers,
 * every cashier with the teller and the deployment its model's wiring gives it. The same for every model.
 */
final class Branches {
  private final String branchId;
  private final int cashiers;
  private final List<BankModel> models;
  private final BankMetrics metrics;

  Branches(String branchId, int cashiers, List<BankModel> models, BankMetrics metrics) {
    this.branchId = branchId;
    this.cashiers = cashiers;
    this.models = models;
    this.metrics = metrics;
  }

  /** Each served model in turn: its teller, then its branch, then its cashiers (who announce themselves free). */
  Future<Void> open(List<ModelWiring> served, NodeSite node, Deployments deployments) {
    Future<Void> chain = Future.succeededFuture();
    if (cashiers > 0) {
      for (ModelWiring wiring : served) {
        chain = chain.compose(v -> open(wiring, node, deployments));
      }
    }
    return chain;
  }

  private Future<Void> open(ModelWiring wiring, NodeSite node, Deployments deployments) {
    BankModel model = wiring.model();
    BankMetrics.ModelMeters meters = metrics.of(model);
    Future<Void> chain = wiring.deployTeller(node).compose(v -> deployments.deploy(
        new BranchVerticle(model, branchId, node.rules(), meters)));
    DeploymentOptions cashierDeployment = wiring.cashierDeployment(cashiers);
    for (String cashierId : cashierIds(model)) {
      chain = chain.compose(v -> deployments.deploy(
          new CashierVerticle(model, branchId, cashierId, node.rules(), wiring.tellerFor(cashierId), meters),
          cashierDeployment));
    }
    return chain;
  }

  private List<String> cashierIds(BankModel model) {
    List<String> desks = new ArrayList<>();
    for (int i = 1; i <= cashiers; i++) {
      desks.add(branchId + "." + i);
    }
    return desks;
  }

  /** Per model served, the ids of this node's cashiers (none without a branch). */
  Map<BankModel, List<String>> cashierIds() {
    Map<BankModel, List<String>> ids = new EnumMap<>(BankModel.class);
    if (cashiers > 0) {
      models.forEach(model -> ids.put(model, cashierIds(model)));
    }
    return ids;
  }

  String describe() {
    return cashiers == 0 ? "; no branch" : "; branch " + branchId + " with " + cashiers + " cashier(s) per model";
  }
}
