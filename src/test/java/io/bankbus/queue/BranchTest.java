package io.bankbus.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.rules.BankRules;
import io.bankbus.support.Banks;
import io.bankbus.support.TestBank;
import io.vertx.core.Future;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The queue on a local bank with one cashier and a waiting room of two. */
@ExtendWith(VertxExtension.class)
class BranchTest {
  private TestBank bank;

  private Future<BankClient> bank(BankRules rules) {
    return Banks.local(1, rules).map(b -> {
      bank = b;
      return b.client(BankModel.MESSAGE_PASSING);
    });
  }

  @AfterEach
  void stop(VertxTestContext ctx) throws Throwable {
    if (bank != null) {
      bank.close().onComplete(ctx.succeedingThenComplete());
      ctx.awaitCompletion(30, TimeUnit.SECONDS);
    } else {
      ctx.completeNow();
    }
  }

  @Test
  @DisplayName("a full waiting room answers BANK_FULL at once and queues nothing")
  void bankFull(VertxTestContext ctx) {
    Checkpoint full = ctx.checkpoint();
    Checkpoint waitingServedInOrder = ctx.checkpoint();
    bank(BankRules.DEFAULTS.withWaitingRoomSize(2)).compose(client -> client.takeTicket("first").compose(first -> {
      // The only cashier is busy with "first"; two may wait; the fourth customer is turned away.
      Future<BankClient.Visit> second = client.takeTicket("second");
      Future<BankClient.Visit> third = client.takeTicket("third");
      return client.takeTicket("fourth").transform(ar -> {
        ctx.verify(() -> {
          assertTrue(ar.failed(), "the fourth customer must not be queued");
          assertEquals(BankError.BANK_FULL, BankError.of(ar.cause()));
        });
        full.flag();
        return first.leave();
      }).compose(v -> second).compose(s -> s.leave().map(s.ticket().ticket()))
          .compose(t2 -> third.compose(t -> t.leave().map(List.of(t2, t.ticket().ticket()))));
    })).onComplete(ctx.succeeding(tickets -> {
      ctx.verify(() -> assertEquals(List.of(2L, 3L), tickets, "the refused customer drew no ticket"));
      waitingServedInOrder.flag();
    }));
  }

  @Test
  @DisplayName("a cashier whose customer goes silent ends the visit and calls the next customer")
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
  @DisplayName("customers on one branch are called in ticket order")
  void order(VertxTestContext ctx) {
    Checkpoint ordered = ctx.checkpoint();
    List<Long> served = new ArrayList<>();
    bank(BankRules.DEFAULTS).compose(client -> client.takeTicket("holder").compose(holder -> {
      List<Future<Void>> waiting = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        waiting.add(client.takeTicket("w" + i).compose(v -> {
          served.add(v.ticket().ticket());
          return v.leave().mapEmpty();
        }));
      }
      return holder.leave().compose(v -> Future.all(waiting));
    })).onComplete(ctx.succeeding(v -> {
      ctx.verify(() -> assertEquals(List.of(2L, 3L, 4L, 5L, 6L), served));
      ordered.flag();
    }));
  }

  @Test
  @DisplayName("an operation sent with leave=true ends the visit and carries its summary; a refused one does not")
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
  @DisplayName("an operation handed over with the ticket is carried out by the calling cashier, refused or not")
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
