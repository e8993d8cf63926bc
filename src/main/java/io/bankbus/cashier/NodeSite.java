package io.bankbus.cashier;

import io.bankbus.rules.BankRules;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a node offers a {@link ModelWiring}: where it runs, who else is in the cluster, the rules in force, and a
 * way to deploy a verticle as part of the node (undeployed with it, in reverse order).
 *
 * @param clusterManager the manager the node's Vert.x was built with, or {@code null} for a local Vert.x
 * @param members        the nodes now in the cluster (this node alone when local)
 * @param cashiers       cashiers per model on this node (0 on a ledger-only node)
 * @param expectedNodes  the bank's nodes when whole ({@code node --expected-nodes}); 0: no majority rule
 */
public record NodeSite(Vertx vertx, ClusterManager clusterManager, String nodeId, Supplier<Set<String>> members,
                       BankRules rules, int cashiers, int expectedNodes, Deployer deployer) {

  /** Deploys a verticle as part of the node. */
  @FunctionalInterface
  public interface Deployer {
    Future<Void> deploy(Deployable verticle, DeploymentOptions options);
  }

  public Future<Void> deploy(Deployable verticle) {
    return deployer.deploy(verticle, new DeploymentOptions());
  }

  public Future<Void> deploy(Deployable verticle, DeploymentOptions options) {
    return deployer.deploy(verticle, options);
  }

  public boolean clustered() {
    return clusterManager != null;
  }
}
