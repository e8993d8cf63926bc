package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bankbus.protocol.BankError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AnswerTallyTest {

  @Test
  @DisplayName("while open, answers are counted as OK, by bank error, or as no reply; before and after, not at all")
  void countsWhileOpen() {
    AnswerTally tally = new AnswerTally();
    tally.count(null);
    tally.open();
    tally.count(null);
    tally.count(null);
    tally.count(BankError.NO_MAJORITY.exception("refused"));
    tally.count(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 302, "UNAVAILABLE: later"));
    tally.count(new ReplyException(ReplyFailure.TIMEOUT, -1, "timed out"));
    tally.count(new ReplyException(ReplyFailure.NO_HANDLERS, -1, "nobody"));
    tally.close();
    tally.count(BankError.NO_MAJORITY.exception("refused"));
    assertEquals(Map.of("OK", 2L, "NO_MAJORITY", 1L, "UNAVAILABLE", 1L, "NO_REPLY", 1L, "NO_HANDLER", 1L),
        tally.counts());
  }
}
