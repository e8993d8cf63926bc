package io.bankbus.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.audit.Audit;
import io.bankbus.audit.AuditResult;
import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.rules.BankRules;
import io.bankbus.support.Banks;
import io.bankbus.support.BankTestBase;
import io.bankbus.support.TestBank;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared-state models under contention, on two clustered nodes that both run cashiers, with a default
 * worker pool of 2 threads so that cashiers (8 per node and model) far outnumber it.
 */
class SharedStateIT extends BankTestBase {
  private static final Logger LOG = LoggerFactory.getLogger(SharedStateIT.class);
  private static final int CASHIERS_PER_NODE = 8;
  private static final int CUSTOMERS = 16;
  private static final int DEPOSITS_PER_CUSTOMER = 200;

  @Override
  protected Future<TestBank> startBank() {
    return Banks.clustered("shared-state", CASHIERS_PER_NODE, CASHIERS_PER_NODE, BankRules.DEFAULTS.withLockTimeoutMs(10_000),
        new VertxOptions().setWorkerPoolSize(2));
  }




  /** Opens the accounts, then runs every customer's visit at once; the result is the acknowledged operations. */
  private Future<List<Operation>> run(BankClient client, List<Operation> opens, List<List<Operation>> visits) {
    List<Operation> acknowledged = Collections.synchronizedList(new ArrayList<>(opens));
    return client.takeTicket("opener").compose(v -> sequence(v, opens, new ArrayList<>()).compose(x -> v.leave()))
        .compose(x -> {
          List<Future<Void>> customers = new ArrayList<>();
          for (int i = 0; i < visits.size(); i++) {
            List<Operation> ops = visits.get(i);
            customers.add(client.takeTicket("c" + i)
                .compose(v -> sequence(v, ops, acknowledged).compose(y -> v.leave()).mapEmpty()));
          }
          return Future.all(customers);
        }).map(x -> acknowledged);
  }

  private static Future<Void> sequence(BankClient.Visit visit, List<Operation> ops, List<Operation> acknowledged) {
    Future<Void> chain = Future.succeededFuture();
    for (Operation op : ops) {
      chain = chain.compose(v -> visit.execute(op).map(r -> {
        acknowledged.add(op);
        return null;
      }));
    }
    return chain;
  }

  private static List<List<Operation>> deposits(String run, String account) {
    List<List<Operation>> visits = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      List<Operation> ops = new ArrayList<>();
      for (int i = 0; i < DEPOSITS_PER_CUSTOMER; i++) {
        ops.add(Operation.deposit(run + "-c" + c + "-d" + i, account, 1));
      }
      visits.add(ops);
    }
    return visits;
  }

  @Test
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  @DisplayName("with the lock (shared-state), 3200 concurrent 1-cent deposits into one hot account from two nodes lose nothing")
  void lockedLosesNothing(VertxTestContext ctx) {
    Checkpoint exact = ctx.checkpoint();
    Checkpoint audited = ctx.checkpoint();
    String run = "locked" + System.nanoTime();
    String hot = run + "-hot";
    BankModel model = BankModel.SHARED_STATE;
    run(bank.client(model), List.of(Operation.open(run + "-open", hot, 0)), deposits(run, hot))
        .compose(acked -> bank.ledger(model).map(all -> all.only(a -> a.startsWith(run))).map(ledger -> {
          ctx.verify(() -> {
            assertEquals(CUSTOMERS * DEPOSITS_PER_CUSTOMER + 1, acked.size());
            assertEquals((long) CUSTOMERS * DEPOSITS_PER_CUSTOMER, ledger.balances().get(hot), "exact balance");
            LOG.info("shared-state: {} deposits, balance exact; exclusion breaches caught by the compare: {}",
                CUSTOMERS * DEPOSITS_PER_CUSTOMER, bank.exclusionBreaches());
          });
          exact.flag();
          return Audit.check(0, acked, List.of(), ledger);
        }))
        .onComplete(ctx.succeeding(audit -> {
          ctx.verify(() -> assertTrue(audit.passed(), audit.toJson().encodePrettily()));
          audited.flag();
        }));
  }

  @Test
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  @DisplayName("without the lock (unlocked-shared-state), the same deposits lose updates that the audit counts exactly")
  void unlockedLosesUpdates(VertxTestContext ctx) {
    Checkpoint lost = ctx.checkpoint();
    String run = "unlocked" + System.nanoTime();
    String hot = run + "-hot";
    BankModel model = BankModel.UNLOCKED_SHARED_STATE;
    run(bank.client(model), List.of(Operation.open(run + "-open", hot, 0)), deposits(run, hot))
        .compose(acked -> bank.ledger(model).map(ledger -> Audit.check(0, acked, List.of(), ledger.only(a -> a.startsWith(run)))))
        .onComplete(ctx.succeeding(audit -> {
          ctx.verify(() -> {
            long acknowledged = (long) CUSTOMERS * DEPOSITS_PER_CUSTOMER;
            assertEquals(acknowledged, audit.expectedTotal());
            long lostCents = audit.expectedTotal() - audit.actualTotal();
            LOG.info("unlocked-shared-state: {} deposits acknowledged, {} lost", acknowledged, lostCents);
            assertTrue(lostCents > 0, "expected lost updates, got balance " + audit.actualTotal());
            assertTrue(!audit.passed() && audit.accountsOffJournal() == 1, audit.toJson().encodePrettily());
            assertEquals(lostCents, audit.lostUpdates(), "every overwritten 1-cent deposit is counted from write counts");
            assertEquals(0, audit.duplicateApplications());
          });
          lost.flag();
        }));
  }

  @Test
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  @DisplayName("with the lock (shared-state), transfers both ways between two accounts from both nodes at once all complete with money conserved")
  void transfersBothWays(VertxTestContext ctx) {
    Checkpoint conserved = ctx.checkpoint();
    String run = "swap" + System.nanoTime();
    String x = run + "-x";
    String y = run + "-y";
    List<List<Operation>> visits = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      List<Operation> ops = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ops.add(c % 2 == 0 ? Operation.transfer(run + "-c" + c + "-" + i, x, y, 7)
            : Operation.transfer(run + "-c" + c + "-" + i, y, x, 5));
      }
      visits.add(ops);
    }
    BankModel model = BankModel.SHARED_STATE;
    run(bank.client(model), List.of(Operation.open(run + "-ox", x, 100_000), Operation.open(run + "-oy", y, 100_000)),
        visits)
        .compose(acked -> bank.ledger(model).map(ledger -> Audit.check(0, acked, List.of(), ledger.only(a -> a.startsWith(run)))))
        .onComplete(ctx.succeeding(audit -> {
          ctx.verify(() -> {
            assertTrue(audit.passed(), audit.toJson().encodePrettily());
            assertEquals(200_000, audit.expectedTotal());
          });
          conserved.flag();
        }));
  }
}
