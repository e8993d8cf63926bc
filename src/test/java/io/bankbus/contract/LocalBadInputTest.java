package io.bankbus.contract;

import io.bankbus.rules.BankRules;
import io.bankbus.support.Banks;
import io.bankbus.support.TestBank;
import io.vertx.core.Future;

/** The bad-input suite against a bank in one local Vert.x. */
class LocalBadInputTest extends BadInputSuite {
  @Override
  protected Future<TestBank> startBank() {
    return Banks.local(2, BankRules.DEFAULTS);
  }
}
