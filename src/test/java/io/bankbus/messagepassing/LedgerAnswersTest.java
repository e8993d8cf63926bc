package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LedgerAnswersTest {
  @Test
  @DisplayName("answers are counted per wall-clock second, oldest first")
  void perSecond() {
    LedgerAnswers answers = new LedgerAnswers();
    answers.answered(10_200, 3);
    answers.answered(10_999, 1);
    answers.answered(12_000, 5);
    assertEquals(List.of(new LedgerAnswers.Second(10_000, 4), new LedgerAnswers.Second(12_000, 5)),
        answers.recent(12_500));
    assertEquals("[[10000,4],[12000,5]]", answers.toJson(12_500).encode());
  }

  @Test
  @DisplayName("a second older than the kept window is forgotten, also when its slot is reused")
  void window() {
    LedgerAnswers answers = new LedgerAnswers();
    answers.answered(5_000, 7);
    long later = 5_000 + LedgerAnswers.SECONDS_KEPT * 1000L;
    assertEquals(List.of(), answers.recent(later));
    answers.answered(later, 2);                                     // the same slot, a new second
    assertEquals(List.of(new LedgerAnswers.Second(later, 2)), answers.recent(later));
  }
}
