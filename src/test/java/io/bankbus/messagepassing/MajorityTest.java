package io.bankbus.messagepassing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MajorityTest {
  @Test
  @DisplayName("two of three nodes are a majority; one of three is not")
  void twoOfThree() {
    assertTrue(Majority.holds(2, 3));
    assertFalse(Majority.holds(1, 3));
  }

  @Test
  @DisplayName("with five nodes, the side of three answers and the side of two does not")
  void threeOfFive() {
    assertTrue(Majority.holds(3, 5));
    assertFalse(Majority.holds(2, 5));
  }

  @Test
  @DisplayName("half of an even bank is not a majority: neither half of a 2 | 2 split answers")
  void halfIsNotEnough() {
    assertFalse(Majority.holds(2, 4));
  }

  @Test
  @DisplayName("with no bank size stated there is no rule: a lone node answers")
  void noSizeNoRule() {
    assertTrue(Majority.holds(1, 0));
  }
}
