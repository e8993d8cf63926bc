package io.bankbus.node;

import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import java.util.Objects;

/**
 * What a node deploys.
 *
 * @param model    the bank model its branch and cashiers serve
 * @param cashiers cashiers on this node; 0 deploys neither cashiers nor a branch (a ledger-only node)
 * @param shards   ledger shards this node offers to own
 * @param rules    the rules this node proposes; if the bank is already running, its rules win
 */
public record NodeOptions(BankModel model, int cashiers, ShardSelection shards, BankRules rules) {

  public NodeOptions {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(rules, "rules");
    if (cashiers < 0 || cashiers > 256) {
      throw new IllegalArgumentException("cashiers must be between 0 and 256, got " + cashiers);
    }
  }

  /** Message passing, 4 cashiers, every free ledger shard, default rules. */
  public static NodeOptions defaults() {
    return new NodeOptions(BankModel.MESSAGE_PASSING, 4, ShardSelection.AUTO, BankRules.DEFAULTS);
  }

  public NodeOptions withModel(BankModel v) {
    return new NodeOptions(v, cashiers, shards, rules);
  }

  public NodeOptions withCashiers(int v) {
    return new NodeOptions(model, v, shards, rules);
  }

  public NodeOptions withShards(ShardSelection v) {
    return new NodeOptions(model, cashiers, v, rules);
  }

  public NodeOptions withRules(BankRules v) {
    return new NodeOptions(model, cashiers, shards, v);
  }
}
