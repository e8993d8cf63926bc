package io.bankbus.node;

import io.bankbus.cluster.Endpoint;
import io.bankbus.messagepassing.ShardSelection;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a node deploys.
 *
 * @param models   the bank models this node serves: one branch and {@code cashiers} cashiers for each
 * @param cashiers cashiers per model on this node; 0 deploys neither cashiers nor branches (a ledger-only node)
 * @param shards   ledger shards (message-passing model) this node offers to own; {@code auto} only claims
 *                 shards when the node serves message-passing
 * @param rules    the rules this node proposes; if the bank is already running, its rules win
 * @param http     where the live page, {@code /metrics} and the browser bridge listen; {@code null}: nowhere
 * @param bridge   where the TCP event-bus bridge for customers outside the cluster listens; {@code null}: nowhere
 */
public record NodeOptions(List<BankModel> models, int cashiers, ShardSelection shards, BankRules rules,
                          Endpoint http, Endpoint bridge) {

  /** With no HTTP endpoint and no TCP bridge. */
  public NodeOptions(List<BankModel> models, int cashiers, ShardSelection shards, BankRules rules) {
    this(models, cashiers, shards, rules, null, null);
  }

  public NodeOptions {
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(rules, "rules");
    models = List.copyOf(new LinkedHashSet<>(models));
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a node serves at least one model");
    }
    if (cashiers < 0 || cashiers > 256) {
      throw new IllegalArgumentException("cashiers must be between 0 and 256, got " + cashiers);
    }
  }

  /** Message passing, 4 cashiers, every free ledger shard, default rules. */
  public static NodeOptions defaults() {
    return new NodeOptions(List.of(BankModel.MESSAGE_PASSING), 4, ShardSelection.AUTO, BankRules.DEFAULTS);
  }

  public NodeOptions withModels(BankModel... v) {
    return new NodeOptions(List.of(v), cashiers, shards, rules, http, bridge);
  }

  public NodeOptions withCashiers(int v) {
    return new NodeOptions(models, v, shards, rules, http, bridge);
  }

  public NodeOptions withShards(ShardSelection v) {
    return new NodeOptions(models, cashiers, v, rules, http, bridge);
  }

  public NodeOptions withRules(BankRules v) {
    return new NodeOptions(models, cashiers, shards, v, http, bridge);
  }

  public NodeOptions withHttp(Endpoint v) {
    return new NodeOptions(models, cashiers, shards, rules, v, bridge);
  }

  public NodeOptions withBridge(Endpoint v) {
    return new NodeOptions(models, cashiers, shards, rules, http, v);
  }
}
