package io.bankbus.contract;

import io.bankbus.rules.BankRules;
import io.bankbus.support.Banks;
import io.bankbus.support.TestBank;
import io.vertx.core.Future;

/** The behaviour suite across two nodes: customers on one, cashiers on the other, ledger owners on both. */
class ClusteredBankBehaviourIT extends BankBehaviourSuite {
  @Override
  protected Future<TestBank> startBank() {
    return Banks.clustered("behaviour", 3, BankRules.DEFAULTS);
  }
}
