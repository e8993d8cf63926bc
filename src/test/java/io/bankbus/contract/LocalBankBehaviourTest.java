package io.bankbus.contract;

import io.bankbus.rules.BankRules;
import io.bankbus.support.Banks;
import io.bankbus.support.TestBank;
import io.vertx.core.Future;

/** The behaviour suite against a bank in one local Vert.x. */
class LocalBankBehaviourTest extends BankBehaviourSuite {
  @Override
  protected Future<TestBank> startBank() {
    return Banks.local(3, BankRules.DEFAULTS);
  }
}
