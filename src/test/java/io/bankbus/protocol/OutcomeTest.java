package io.bankbus.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutcomeTest {

  @Test
  @DisplayName("a refusal carried inside a message reads back as the failure a fail(code, text) reply gives")
  void refusalReadsBackAsAReplyFailure() {
    BankException refused = BankError.INSUFFICIENT_FUNDS.exception("account 'a' has 5 cents, asked for 7");
    Outcome carried = Outcome.fromJson(Outcome.of(Future.failedFuture(refused)).toJson());

    Throwable failure = carried.toFuture().cause();

    ReplyException reply = (ReplyException) failure;
    assertEquals(ReplyFailure.RECIPIENT_FAILURE, reply.failureType());
    assertEquals(BankError.INSUFFICIENT_FUNDS.code(), reply.failureCode());
    assertEquals(BankError.wording(refused), reply.getMessage());
    assertEquals(BankError.INSUFFICIENT_FUNDS, BankError.of(failure));
  }

  @Test
  @DisplayName("a result carried inside a message reads back unchanged")
  void resultReadsBackUnchanged() {
    OperationResult result = OperationResult.of(Operation.transfer("t1", "a", "b", 5), 10, 20, false);

    Future<OperationResult> carried = Outcome.fromJson(Outcome.of(Future.succeededFuture(result)).toJson()).toFuture();

    assertTrue(carried.succeeded());
    assertEquals(result, carried.result());
  }
}
