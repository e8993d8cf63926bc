package io.bankbus.cashier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.Operation;
import io.bankbus.rules.BankRules;
import io.bankbus.support.LocalBankPerTest;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A cashier on a local bank with one cashier: how a visit it serves starts and ends. */
class CashierVerticleTest extends LocalBankPerTest {
  @Test
  @DisplayName("a cashier whose customer goes silent ends the visit to call the next customer")
  void idleVisit(VertxTestContext ctx) {
    Checkpoint nextCalled = ctx.checkpoint();
    Checkpoint oldVisitClosed = ctx.checkpoint();
    bank(BankRules.DEFAULTS.withVisitIdleTimeoutMs(200)).compose(client -> client.takeTicket("silent")
        .compose(silent -> client.takeTicket("next").compose(next -> {
          nextCalled.flag();
          return silent.leave().transform(ar -> {
            ctx.verify(() -> assertEquals(BankError.NOT_YOUR_CASHIER, BankError.of(ar.cause())));
            oldVisitClosed.flag();
            return next.leave();
          });
        }))).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("a visit ends, with its summary, at the first operation sent with leave=true that is carried out")
  void leaveWithLastOperation(VertxTestContext ctx) {
    Checkpoint refusedKeepsVisit = ctx.checkpoint();
    Checkpoint endedWithSummary = ctx.checkpoint();
    Checkpoint cashierFreed = ctx.checkpoint();
    bank(BankRules.DEFAULTS).compose(client -> client.takeTicket("lea").compose(visit -> visit
        .execute(Operation.open("lea-o", "lea", 10))
        .compose(opened -> visit.executeAndLeave(Operation.withdraw("lea-w1", "lea", 11)).transform(refused -> {
          ctx.verify(() -> assertEquals(BankError.INSUFFICIENT_FUNDS, BankError.of(refused.cause())));
          refusedKeepsVisit.flag();
          return visit.executeAndLeave(Operation.withdraw("lea-w2", "lea", 4));
        }))
        .map(last -> {
          ctx.verify(() -> {
            assertEquals(6, last.result().balance());
            assertEquals(3, last.visit().operations());
            assertEquals(visit.ticket().visitId(), last.visit().visitId());
          });
          endedWithSummary.flag();
          return last;
        }))
        .compose(last -> client.takeTicket("next")))
        .compose(BankClient.Visit::leave)
        .onComplete(ctx.succeeding(summary -> cashierFreed.flag()));
  }

  @Test
  @DisplayName("the calling cashier carries out the operation handed over with the ticket, answering its result or its refusal")
  void firstOperationWithTicket(VertxTestContext ctx) {
    Checkpoint appliedOnCall = ctx.checkpoint();
    Checkpoint refusedOnCall = ctx.checkpoint();
    bank(BankRules.DEFAULTS).compose(client -> client.takeTicket("fay", 5_000, Operation.open("fay-o", "fay", 30))
        .compose(visit -> visit.first().map(opened -> {
          ctx.verify(() -> {
            assertEquals(30, opened.balance());
            assertEquals("fay-o", opened.opId());
          });
          appliedOnCall.flag();
          return visit;
        }))
        .compose(BankClient.Visit::leave)
        .compose(left -> client.takeTicket("fay", 5_000, Operation.withdraw("fay-w", "fay", 31)))
        .compose(visit -> visit.first().transform(refused -> {
          ctx.verify(() -> {
            assertEquals(BankError.INSUFFICIENT_FUNDS, BankError.of(refused.cause()));
            assertTrue(refused.cause().getMessage().startsWith("INSUFFICIENT_FUNDS: "), refused.cause().getMessage());
          });
          return visit.execute(Operation.balance("fay"));
        }).map(balance -> {
          ctx.verify(() -> assertEquals(30, balance.balance(), "the refused withdrawal changed nothing"));
          refusedOnCall.flag();
          return visit;
        }).compose(BankClient.Visit::leave)))
        .onFailure(ctx::failNow);
  }
}
