package io.bankbus.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.audit.Audit;
import io.bankbus.audit.AuditResult;
import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.CalledTicket;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.protocol.VisitSummary;
import io.bankbus.support.BankTestBase;
import io.vertx.core.Future;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many concurrent customers doing random operations against each model, then proof from the ledger itself: total conserved, no
 * negative balance, every acknowledged id applied once and every refused one not at all, retries replayed,
 * customers served in ticket order, and no cashier ever serving two customers at once (checked on the
 * cashier's own timestamps, not assumed).
 */
public abstract class BankBehaviourSuite extends BankTestBase {
  private static final int ACCOUNTS = 12;
  private static final long OPENING = 10_000;
  private static final int CUSTOMERS = 24;
  private static final int VISITS_PER_CUSTOMER = 6;





  /** Everything customers saw, collected on the customers' event loop. */
  private static final class Observed {
    final List<Operation> acknowledged = Collections.synchronizedList(new ArrayList<>());
    final List<Operation> refused = Collections.synchronizedList(new ArrayList<>());
    final List<CalledTicket> calls = Collections.synchronizedList(new ArrayList<>());
    final List<VisitSummary> visits = Collections.synchronizedList(new ArrayList<>());
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    final List<String> replayProblems = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger retries = new AtomicInteger();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BankModel.class)
  @DisplayName("concurrent customers are served as the model promises (money conserved, ids applied once, FIFO, one customer per cashier)")
  void concurrentCustomers(BankModel model, VertxTestContext ctx) {
    Checkpoint audited = ctx.checkpoint();
    Checkpoint fifo = ctx.checkpoint();
    Checkpoint oneAtATime = ctx.checkpoint();
    Checkpoint replays = ctx.checkpoint();
    String run = "r" + Long.toHexString(System.nanoTime()) + model.ordinal();
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts.add(run + "-acct" + i);
    }
    Observed seen = new Observed();
    BankClient client = bank.client(model);

    openAccounts(client, accounts, run, seen)
        .compose(v -> {
          List<Future<Void>> customers = new ArrayList<>();
          for (int c = 0; c < CUSTOMERS; c++) {
            customers.add(customer(client, run + "-c" + c, new Random(31L * c + 7), accounts, seen));
          }
          return Future.all(customers);
        })
        .compose(v -> bank.ledger(model).map(all -> all.only(account -> account.startsWith(run))))
        .onComplete(ctx.succeeding(ledger -> {
          ctx.verify(() -> {
            assertEquals(List.of(), seen.unexpected, "every reply is a result or a documented refusal");
            AuditResult audit = Audit.check(0, seen.acknowledged, seen.refused, ledger);
            assertEquals(OPENING * ACCOUNTS + deposits(seen) - withdrawals(seen), audit.expectedTotal());
            assertEquals(0, audit.missingApplications(), audit.toJson().encodePrettily());
            assertEquals(0, audit.duplicateApplications(), audit.toJson().encodePrettily());
            assertEquals(0, audit.refusedButApplied(), audit.toJson().encodePrettily());
            if (model.locked() || !model.sharedMap()) {
              assertTrue(audit.passed(), audit.toJson().encodePrettily());
              assertEquals(audit.expectedTotal(), audit.actualTotal());
            } else if (audit.actualTotal() != audit.expectedTotal()) {
              // Unlocked: lost updates are the expected result; the audit must see them.
              assertTrue(audit.accountsOffJournal() > 0 && !audit.passed(), audit.toJson().encodePrettily());
            }
            assertTrue(seen.acknowledged.size() > CUSTOMERS * VISITS_PER_CUSTOMER / 2, "enough operations went through");
            if (model == BankModel.MESSAGE_PASSING) {
              assertTrue(ledger.journal().stream().anyMatch(e -> e.opId().endsWith("/credit")),
                  "some transfers crossed ledger shards");
            }
            audited.flag();

            Map<String, List<CalledTicket>> byBranch = seen.calls.stream()
                .collect(Collectors.groupingBy(CalledTicket::branch));
            for (List<CalledTicket> calls : byBranch.values()) {
              calls.sort(Comparator.comparingLong(CalledTicket::calledSeq));
              for (int i = 1; i < calls.size(); i++) {
                assertTrue(calls.get(i).ticket() > calls.get(i - 1).ticket(),
                    "call " + calls.get(i).calledSeq() + " served ticket " + calls.get(i).ticket() + " after ticket "
                        + calls.get(i - 1).ticket());
              }
            }
            assertEquals(CUSTOMERS * VISITS_PER_CUSTOMER + 1, seen.calls.size());
            fifo.flag();

            Map<String, List<VisitSummary>> byCashier = seen.visits.stream()
                .collect(Collectors.groupingBy(VisitSummary::cashier));
            for (List<VisitSummary> visits : byCashier.values()) {
              visits.sort(Comparator.comparingLong(VisitSummary::startedNanos));
              for (int i = 1; i < visits.size(); i++) {
                assertTrue(visits.get(i).startedNanos() >= visits.get(i - 1).endedNanos(),
                    "cashier " + visits.get(i).cashier() + " began " + visits.get(i).visitId() + " before ending "
                        + visits.get(i - 1).visitId());
              }
            }
            assertTrue(byCashier.size() > 1, "the work was spread over several cashiers");
            oneAtATime.flag();

            assertTrue(seen.retries.get() > 0, "the workload retried some operations");
            assertEquals(List.of(), seen.replayProblems);
            replays.flag();
          });
        }));
  }

  private static long deposits(Observed seen) {
    return seen.acknowledged.stream().filter(o -> o.type() == io.bankbus.protocol.OpType.DEPOSIT)
        .mapToLong(Operation::amount).sum();
  }

  private static long withdrawals(Observed seen) {
    return seen.acknowledged.stream().filter(o -> o.type() == io.bankbus.protocol.OpType.WITHDRAW)
        .mapToLong(Operation::amount).sum();
  }

  private static Future<Void> openAccounts(BankClient client, List<String> accounts, String run, Observed seen) {
    return client.takeTicket(run + "-opener").compose(visit -> {
      seen.calls.add(visit.ticket());
      Future<Void> chain = Future.succeededFuture();
      for (String account : accounts) {
        Operation open = Operation.open(account + "-open", account, OPENING);
        chain = chain.compose(v -> visit.execute(open).map(r -> {
          seen.acknowledged.add(open);
          return null;
        }));
      }
      return chain.compose(v -> visit.leave()).map(summary -> {
        seen.visits.add(summary);
        return null;
      });
    });
  }

  private static Future<Void> customer(BankClient client, String name, Random random, List<String> accounts,
                                       Observed seen) {
    Future<Void> chain = Future.succeededFuture();
    for (int v = 0; v < VISITS_PER_CUSTOMER; v++) {
      int visitNo = v;
      chain = chain.compose(x -> client.takeTicket(name).compose(visit -> {
        seen.calls.add(visit.ticket());
        Future<Void> ops = Future.succeededFuture();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
          Operation op = randomOperation(random, accounts, name + "-v" + visitNo + "-o" + i);
          boolean retry = op.opId() != null && random.nextInt(10) == 0;
          ops = ops.compose(y -> execute(visit, op, seen, false))
              .compose(y -> retry ? execute(visit, op, seen, true) : Future.succeededFuture());
        }
        return ops.compose(y -> visit.leave()).map(summary -> {
          seen.visits.add(summary);
          return null;
        });
      }));
    }
    return chain;
  }

  private static Future<Void> execute(BankClient.Visit visit, Operation op, Observed seen, boolean isRetry) {
    return visit.execute(op).transform(ar -> {
      if (ar.succeeded()) {
        OperationResult r = ar.result();
        if (isRetry && seen.refused.remove(op)) {
          // Refused the first time, applied now that the funds are there: allowed, once.
          seen.acknowledged.add(op);
        } else if (isRetry) {
          seen.retries.incrementAndGet();
          if (!r.replayed()) {
            seen.replayProblems.add(op.opId() + " was applied again on retry");
          }
        } else if (op.opId() != null) {
          seen.acknowledged.add(op);
        }
      } else {
        BankError error = BankError.of(ar.cause());
        if (error == BankError.INSUFFICIENT_FUNDS) {
          if (!isRetry) {
            seen.refused.add(op);
          }
        } else {
          seen.unexpected.add(op.toJson().encode() + " -> " + ar.cause().getMessage());
        }
      }
      return Future.succeededFuture();
    });
  }

  private static Operation randomOperation(Random random, List<String> accounts, String opId) {
    String a = accounts.get(random.nextInt(accounts.size()));
    String b = accounts.get(random.nextInt(accounts.size()));
    while (b.equals(a)) {
      b = accounts.get(random.nextInt(accounts.size()));
    }
    return switch (random.nextInt(4)) {
      case 0 -> Operation.deposit(opId, a, 1 + random.nextInt(500));
      case 1 -> Operation.withdraw(opId, a, 1 + random.nextInt(4_000));
      case 2 -> Operation.transfer(opId, a, b, 1 + random.nextInt(6_000));
      default -> Operation.balance(a);
    };
  }
}
