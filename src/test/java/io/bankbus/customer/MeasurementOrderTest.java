package io.bankbus.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MeasurementOrderTest {
  private static final List<String> MODELS = List.of("mp", "ss", "us");

  @Test
  @DisplayName("one round measures the models in the order they were named")
  void oneRoundKeepsTheOrder() {
    assertEquals(List.of(MODELS), MeasurementOrder.rounds(MODELS, 1));
  }

  @Test
  @DisplayName("each round rotates the order left by one")
  void roundsRotate() {
    assertEquals(List.of(List.of("mp", "ss", "us"), List.of("ss", "us", "mp"), List.of("us", "mp", "ss"),
        List.of("mp", "ss", "us")), MeasurementOrder.rounds(MODELS, 4));
  }

  @Test
  @DisplayName("with as many rounds as models, every model is measured once in every position")
  void everyPositionOnce() {
    List<List<String>> rounds = MeasurementOrder.rounds(MODELS, 3);
    for (int position = 0; position < MODELS.size(); position++) {
      int p = position;
      Set<String> there = rounds.stream().map(r -> r.get(p)).collect(Collectors.toSet());
      assertEquals(Set.copyOf(MODELS), there, "position " + position);
    }
  }

  @Test
  @DisplayName("the warm-up runs the first round backwards: the model measured first is warmed up last")
  void warmupBackwards() {
    assertEquals(List.of("us", "ss", "mp"), MeasurementOrder.warmupOrder(MeasurementOrder.rounds(MODELS, 3)));
  }

  @Test
  @DisplayName("a model named twice is refused")
  void duplicatesRefused() {
    assertThrows(IllegalArgumentException.class, () -> MeasurementOrder.rounds(List.of("mp", "mp"), 1));
  }

  @Test
  @DisplayName("zero rounds are refused")
  void zeroRoundsRefused() {
    assertThrows(IllegalArgumentException.class, () -> MeasurementOrder.rounds(MODELS, 0));
  }

  @Test
  @DisplayName("the median round of an odd count is the middle one, whatever the order of the rounds")
  void medianOfOdd() {
    assertEquals(2, MeasurementOrder.medianIndex(List.of(900.0, 1200.0, 1000.0)));
    assertEquals(0, MeasurementOrder.medianIndex(List.of(5.0)));
  }

  @Test
  @DisplayName("the median round of an even count is the lower of the two middle ones")
  void medianOfEvenIsTheLower() {
    assertEquals(3, MeasurementOrder.medianIndex(List.of(400.0, 100.0, 300.0, 200.0)));
  }

  @Test
  @DisplayName("rounds with equal figures are ranked by round, so the middle round is picked")
  void tiesRankedByRound() {
    assertEquals(1, MeasurementOrder.medianIndex(List.of(7.0, 7.0, 7.0)));
  }
}
