package io.bankbus.node;

import io.bankbus.cashier.Teller;
import io.bankbus.messagepassing.ShardMap;
import io.bankbus.messagepassing.ShardedTeller;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.bankbus.sharedstate.AccountLocks;
import io.bankbus.sharedstate.DeadNodeSweeperVerticle;
import io.bankbus.sharedstate.LockWaitsVerticle;
import io.bankbus.sharedstate.SharedAccounts;
import io.bankbus.sharedstate.SharedStateTeller;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Builds each model's teller for a node's cashiers, with the verticles a teller needs beside it, and keeps the
 * shared-state tellers to report their breach counts.
 */
final class Tellers {
  private final Vertx vertx;
  private final boolean clustered;
  private final String nodeId;
  private final Supplier<Set<String>> members;
  private final int cashiers;
  private final long sweepPeriodMs;
  /** Deploys a verticle as part of the node (undeployed with it). */
  private final BiFunction<Deployable, DeploymentOptions, Future<Void>> deploy;
  private final List<SharedStateTeller> sharedState = new CopyOnWriteArrayList<>();

  Tellers(Vertx vertx, boolean clustered, String nodeId, Supplier<Set<String>> members, int cashiers,
          long sweepPeriodMs, BiFunction<Deployable, DeploymentOptions, Future<Void>> deploy) {
    this.vertx = vertx;
    this.clustered = clustered;
    this.nodeId = nodeId;
    this.members = members;
    this.cashiers = cashiers;
    this.sweepPeriodMs = sweepPeriodMs;
    this.deploy = deploy;
  }

  Future<Teller> of(BankModel model, BankRules rules) {
    if (!model.sharedMap()) {
      return Future.succeededFuture(new ShardedTeller(vertx, new ShardMap(rules.ledgerShards()),
          rules.requestTimeoutMs(), rules.dedupWindowMs()));
    }
    SharedAccounts accounts = SharedAccounts.of(vertx, model, rules.dedupWindowMs());
    if (!model.locked()) {
      return Future.succeededFuture(remember(new SharedStateTeller(accounts, null, nodeId, members)));
    }
    // Lock waits block worker threads: give them a pool as large as the cashiers, so every cashier can wait at
    // once and holders, running on the cashiers' pool, always have a thread to finish and release.
    LockWaitsVerticle waits = new LockWaitsVerticle();
    return deploy.apply(waits, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
            .setWorkerPoolName("bankbus." + model.wire() + ".lock-waits").setWorkerPoolSize(cashiers))
        .map(v -> remember(new SharedStateTeller(accounts, new AccountLocks(vertx, waits.lockContext(),
            "bankbus." + model.wire() + ".account.", rules.lockTimeoutMs()), nodeId, members)))
        .compose(teller -> !clustered ? Future.succeededFuture(teller)
            : deploy.apply(new DeadNodeSweeperVerticle(teller, members, sweepPeriodMs), new DeploymentOptions())
                .map(teller));
  }

  private SharedStateTeller remember(SharedStateTeller teller) {
    sharedState.add(teller);
    return teller;
  }

  /** See {@link BankNode#exclusionBreaches()}. */
  long exclusionBreaches() {
    return sharedState.stream().mapToLong(SharedStateTeller::exclusionBreaches).sum();
  }
}
