package io.bankbus.contract;

import io.bankbus.rules.BankRules;
import io.bankbus.support.Banks;
import io.bankbus.support.TestBank;
import io.vertx.core.Future;

/** The bad-input suite across a two-node cluster: customers on one node, the branch and cashiers on the other. */
class ClusteredBadInputIT extends BadInputSuite {
  @Override
  protected Future<TestBank> startBank() {
    return Banks.clustered("bad-input", 2, BankRules.DEFAULTS);
  }
}
