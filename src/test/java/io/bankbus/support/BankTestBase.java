package io.bankbus.support;

import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** One bank per test class: started before the first test, closed after the last. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BankTestBase {
  protected TestBank bank;

  protected abstract Future<TestBank> startBank();

  @BeforeAll
  void startTheBank(VertxTestContext ctx) {
    startBank().onComplete(ctx.succeeding(b -> {
      bank = b;
      ctx.completeNow();
    }));
  }

  @AfterAll
  void closeTheBank(VertxTestContext ctx) throws Throwable {
    bank.close().onComplete(ctx.succeedingThenComplete());
    ctx.awaitCompletion(60, TimeUnit.SECONDS);
  }
}
