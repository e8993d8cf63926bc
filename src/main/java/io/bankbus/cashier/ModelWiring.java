package io.bankbus.cashier;

import io.bankbus.audit.LedgerState;
import io.bankbus.protocol.BankModel;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Everything one bank model puts on a node, and the only thing a node knows of it. A node builds one wiring per
 * model and asks, in this order: {@link #deployStorage} (what the node keeps of the model's balances, whether or
 * not it serves the model's customers), then, for each model it serves, {@link #deployTeller} before the branch
 * opens and one cashier per {@link #tellerFor}, deployed with {@link #cashierDeployment}. {@link #close} runs after
 * the node's verticles are gone.
 */
public interface ModelWiring {
  BankModel model();

  /** Deploys whatever holds this model's balances on this node; nothing where the balances live elsewhere. */
  default Future<Void> deployStorage(NodeSite node) {
    return Future.succeededFuture();
  }

  /** Builds the teller this node's cashiers of the model share, and deploys what it needs beside it. */
  Future<Void> deployTeller(NodeSite node);

  /** The teller one cashier passes its operations to (after {@link #deployTeller}). */
  Teller tellerFor(String cashierId);

  /** How the model's cashiers are deployed: on an event loop, or as workers on a pool of their own. */
  DeploymentOptions cashierDeployment(int cashiers);

  /** What the bank itself recorded for this model, from any node, for the audit. */
  Future<LedgerState> readLedger(Vertx vertx, int ledgerShards, long timeoutMs);

  /** For the node's ready line, starting with "; " (empty when there is nothing to say). */
  default String describe() {
    return "";
  }

  /**
   * Writes refused by their compare because the balance changed under a lock this node held: each is a moment
   * when the cluster lock did not exclude, caught before it lost an update. Always 0 in models without locks.
   */
  default long exclusionBreaches() {
    return 0;
  }

  /**
   * Told once, before this node undeploys anything, that it is shutting down: work it starts from now on would
   * be undeployed half done.
   */
  default void closing() {
  }

  /** Gives back what {@link #deployStorage} took for this node (after its verticles are undeployed). */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
