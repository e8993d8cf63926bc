package io.bankbus.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankError;
import io.bankbus.rules.BankRules;
import io.bankbus.support.LocalBankPerTest;
import io.vertx.core.Future;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The queue on a local bank with one cashier and a waiting room of two. */
class BranchTest extends LocalBankPerTest {
  @Test
  @DisplayName("a customer arriving at a full waiting room is refused BANK_FULL at once, without a ticket")
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
}
