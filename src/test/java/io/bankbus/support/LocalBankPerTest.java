package io.bankbus.support;

import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankModel;
import io.bankbus.rules.BankRules;
import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A local bank per test, with one cashier: the test starts it with the rules it needs ({@link #bank(BankRules)}),
 * and it is closed after the test.
 */
@ExtendWith(VertxExtension.class)
public abstract class LocalBankPerTest {
  private TestBank bank;

  /** Starts this test's bank with {@code rules}; completes with a message-passing client of it. */
  protected Future<BankClient> bank(BankRules rules) {
    return Banks.local(1, rules).map(b -> {
      bank = b;
      return b.client(BankModel.MESSAGE_PASSING);
    });
  }

  @AfterEach
  void closeTheBank(VertxTestContext ctx) throws Throwable {
    if (bank != null) {
      bank.close().onComplete(ctx.succeedingThenComplete());
      ctx.awaitCompletion(30, TimeUnit.SECONDS);
    } else {
      ctx.completeNow();
    }
  }
}
