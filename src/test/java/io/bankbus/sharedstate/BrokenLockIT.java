package io.bankbus.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.cluster.Clustering;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.support.TestClusters;
import io.vertx.core.Future;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The safety net alone: a "lock" that excludes nothing, as the cluster lock does in its worst moments. The
 * shared-state teller's compare-and-set writes must still lose no update, and must report the breaches they
 * caught; the blind writes of the unlocked model, given the same work, lose updates.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokenLockIT {
  private static final int WRITERS = 8;
  private static final int DEPOSITS = 150;

  private Clustering.ClusteredVertx node;

  /** Grants every lock at once, to everyone. */
  private static final LockGuard NO_EXCLUSION = new LockGuard() {
    @Override
    public <T> Future<T> withLocks(List<String> accounts, Supplier<Future<T>> block) {
      return block.get();
    }
  };

  @BeforeAll
  void start(VertxTestContext ctx) {
    int port = TestClusters.freePort();
    TestClusters.join(TestClusters.uniqueClusterName("broken-lock"), port, List.of(port))
        .onComplete(ctx.succeeding(n -> {
          node = n;
          ctx.completeNow();
        }));
  }

  @AfterAll
  void stop(VertxTestContext ctx) throws Throwable {
    node.vertx().close().onComplete(ctx.succeedingThenComplete());
    ctx.awaitCompletion(60, TimeUnit.SECONDS);
  }

  private Future<Long> hammer(SharedStateTeller teller, BankModel model, String account) {
    SharedAccounts accounts = SharedAccounts.of(node.vertx(), model);
    return teller.execute(Operation.open(account + "-open", account, 0), null).compose(opened -> {
      List<Future<Void>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < DEPOSITS; i++) {
          Operation deposit = Operation.deposit(account + "-w" + w + "-" + i, account, 1);
          chain = chain.compose(v -> teller.execute(deposit, null).mapEmpty());
        }
        writers.add(chain);
      }
      return Future.all(writers);
    }).compose(done -> accounts.value(account)).map(stored -> AccountValue.decode(stored).balance());
  }

  @Test
  @DisplayName("with no exclusion at all, compare-and-set writes catch every breach, so that nothing is lost")
  void compareAndSetCatchesBrokenExclusion(VertxTestContext ctx) {
    Checkpoint exact = ctx.checkpoint();
    LockedSharedStateTeller teller = new LockedSharedStateTeller(SharedAccounts.of(node.vertx(), BankModel.SHARED_STATE),
        NO_EXCLUSION, "node-under-test", () -> Set.of("node-under-test"));
    hammer(teller, BankModel.SHARED_STATE, "cas" + System.nanoTime()).onComplete(ctx.succeeding(balance -> {
      ctx.verify(() -> {
        assertEquals(WRITERS * DEPOSITS, balance);
        assertTrue(teller.exclusionBreaches() > 0, "the writers did overlap, and each overlap was caught");
      });
      exact.flag();
    }));
  }

  @Test
  @DisplayName("with no exclusion at all, blind writes (the unlocked model) lose updates")
  void blindWritesLoseUpdates(VertxTestContext ctx) {
    Checkpoint lost = ctx.checkpoint();
    SharedStateTeller teller = new UnlockedSharedStateTeller(
        SharedAccounts.of(node.vertx(), BankModel.UNLOCKED_SHARED_STATE), "node-under-test", () -> Set.of("node-under-test"));
    hammer(teller, BankModel.UNLOCKED_SHARED_STATE, "blind" + System.nanoTime()).onComplete(ctx.succeeding(balance -> {
      ctx.verify(() -> assertTrue(balance < WRITERS * DEPOSITS, "expected lost updates, got " + balance));
      lost.flag();
    }));
  }
}
