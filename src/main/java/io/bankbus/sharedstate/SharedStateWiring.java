package io.bankbus.sharedstate;

import io.bankbus.audit.LedgerState;
import io.bankbus.cashier.ModelWiring;
import io.bankbus.cashier.NodeSite;
import io.bankbus.cashier.Teller;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.ClusterNames;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared state on a node: the balances live in clustered maps that every node reads and writes, so a node keeps
 * none of them itself. Its cashiers are worker verticles (a lock wait blocks a thread) on a pool of their own;
 * the locked variant also deploys the pool that waits for locks and, in a cluster, the sweeper that settles what
 * departed nodes left pending (one node sweeps for the cluster). The unlocked variant deploys nothing beside its cashiers.
 */
public final class SharedStateWiring implements ModelWiring {
  /** How often a node looks for departed nodes whose pending operations it must settle. */
  static final long SWEEP_PERIOD_MS = 1_000;

  private final BankModel model;
  private SharedStateTeller teller;

  private SharedStateWiring(BankModel model) {
    this.model = model;
  }

  public static SharedStateWiring locked() {
    return new SharedStateWiring(BankModel.SHARED_STATE);
  }

  public static SharedStateWiring unlocked() {
    return new SharedStateWiring(BankModel.UNLOCKED_SHARED_STATE);
  }

  @Override
  public BankModel model() {
    return model;
  }

  @Override
  public Future<Void> deployTeller(NodeSite node) {
    SharedAccounts accounts = SharedAccounts.of(node.vertx(), model, node.rules().dedupWindowMs());
    if (model == BankModel.UNLOCKED_SHARED_STATE) {
      teller = new UnlockedSharedStateTeller(accounts, node.nodeId(), node.members());
      return Future.succeededFuture();
    }
    // Lock waits block worker threads: give them a pool as large as the cashiers, so every cashier can wait at
    // once and holders, running on the cashiers' pool, always have a thread to finish and release.
    LockWaitsVerticle waits = new LockWaitsVerticle();
    return node.deploy(waits, workers(ClusterNames.lockWaitPool(model), node.cashiers())).compose(v -> {
      LockedSharedStateTeller locked = new LockedSharedStateTeller(accounts, new AccountLocks(node.vertx(),
          waits.lockContext(), ClusterNames.accountLockPrefix(model), node.rules().lockTimeoutMs()), node.nodeId(),
          node.members());
      teller = locked;
      return node.clustered()
          ? node.deploy(new DeadNodeSweeperVerticle(locked, model, node.nodeId(), node.members(), SWEEP_PERIOD_MS))
          : Future.succeededFuture();
    });
  }

  @Override
  public Teller tellerFor(String cashierId) {
    return ClusterRefusals.edge(teller instanceof UnlockedSharedStateTeller unlocked ? unlocked.forCashier() : teller);
  }

  @Override
  public DeploymentOptions cashierDeployment(int cashiers) {
    return workers(ClusterNames.cashierPool(model), cashiers);
  }

  private static DeploymentOptions workers(String pool, int size) {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName(pool)
        .setWorkerPoolSize(size);
  }

  @Override
  public long exclusionBreaches() {
    return teller instanceof LockedSharedStateTeller locked ? locked.exclusionBreaches() : 0;
  }

  /** The balances map and the applied-operations map, each applied operation turned into its journal entries. */
  @Override
  public Future<LedgerState> readLedger(Vertx vertx, int ledgerShards, long timeoutMs) {
    SharedAccounts accounts = SharedAccounts.of(vertx, model);
    return accounts.allValues().compose(values -> accounts.allApplied().map(applied -> {
      Map<String, Long> balances = new HashMap<>();
      Map<String, Long> versions = new HashMap<>();
      values.forEach((account, value) -> {
        balances.put(account, value.balance());
        versions.put(account, value.version());
      });
      return new LedgerState(balances, journal(applied), versions);
    }));
  }

  /** Journal entries of every applied (state "done") operation; a pending claim changed nothing yet. */
  static List<LedgerState.Entry> journal(Map<String, JsonObject> applied) {
    List<LedgerState.Entry> journal = new ArrayList<>();
    for (JsonObject record : applied.values()) {
      if (!SharedAccounts.DONE.equals(record.getString("state"))) {
        continue;
      }
      Operation op = Operation.fromJson(record.getJsonObject("op"), false);
      switch (op.type()) {
        case OPEN, DEPOSIT -> journal.add(new LedgerState.Entry(op.opId(), op.type(), op.account(), op.amount()));
        case WITHDRAW -> journal.add(new LedgerState.Entry(op.opId(), op.type(), op.account(), -op.amount()));
        case TRANSFER -> {
          journal.add(new LedgerState.Entry(op.opId(), OpType.TRANSFER, op.account(), -op.amount()));
          journal.add(new LedgerState.Entry(op.opId(), OpType.TRANSFER, op.to(), op.amount()));
        }
        default -> { }
      }
    }
    return journal;
  }
}
