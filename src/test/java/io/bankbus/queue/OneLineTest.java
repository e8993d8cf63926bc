package io.bankbus.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OneLineTest {
  private static final long MS = 1_000_000;
  private static final long SLACK = 5 * MS;

  @Test
  @DisplayName("with nobody else waiting, a free cashier calls from its own line")
  void ownLineAlone() {
    OneLine line = new OneLine("A", SLACK);
    assertTrue(line.choose(30 * MS, 2, 0).isEmpty());
    line.heard("B", 0, 0, 0);
    assertTrue(line.choose(30 * MS, 2, 0).isEmpty());
  }

  @Test
  @DisplayName("a branch with an empty line takes from a branch with one, as many as it has free cashiers")
  void emptyLineTakes() {
    OneLine line = new OneLine("A", SLACK);
    line.heard("B", 7, 0, 0);
    assertEquals(Optional.of(new OneLine.Take("B", 3, 0)), line.choose(-1, 3, 0));
    assertEquals(Optional.of(new OneLine.Take("B", 7, 0)), line.choose(-1, 9, 0), "no more than wait there");
  }

  @Test
  @DisplayName("a cashier takes from another branch only a customer who waited longer than its own line's oldest by more than the slack")
  void slack() {
    OneLine line = new OneLine("A", SLACK);
    line.heard("B", 4, 34 * MS, 0);
    assertTrue(line.choose(30 * MS, 1, 0).isEmpty(), "4 ms longer: within the slack");
    line.heard("B", 4, 36 * MS, 0);
    assertEquals(Optional.of(new OneLine.Take("B", 1, 30 * MS)), line.choose(30 * MS, 1, 0),
        "only customers who waited longer than ours");
  }

  @Test
  @DisplayName("of several other branches, a cashier takes from the one whose oldest customer waited longest")
  void oldestBranch() {
    OneLine line = new OneLine("A", SLACK);
    line.heard("B", 50, 100 * MS, 0);
    line.heard("C", 2, 400 * MS, 0);
    line.heard("D", 9, 200 * MS, 0);
    assertEquals("C", line.choose(10 * MS, 1, 0).orElseThrow().branch());
  }

  @Test
  @DisplayName("a branch's own reports, reports gone stale, and forgotten branches are never taken from")
  void ignored() {
    OneLine line = new OneLine("A", SLACK);
    line.heard("A", 9, 900 * MS, 0);
    assertTrue(line.choose(-1, 1, 0).isEmpty(), "its own line is not another's");
    line.heard("B", 9, 900 * MS, 0);
    assertTrue(line.choose(-1, 1, OneLine.STALE_NANOS + 1).isEmpty(), "silent for too long");
    line.forget("B");
    assertTrue(line.choose(-1, 1, 0).isEmpty(), "did not answer a take");
  }

  @Test
  @DisplayName("a take that found nobody is not repeated until that branch reports again")
  void refuted() {
    OneLine line = new OneLine("A", SLACK);
    line.heard("B", 3, 50 * MS, 0);
    line.taken("B", 3, 50 * MS, false, 1);
    assertTrue(line.choose(-1, 1, 2).isEmpty());
    line.heard("B", 3, 60 * MS, 3);
    assertEquals("B", line.choose(-1, 1, 4).orElseThrow().branch());
    line.taken("B", 2, 55 * MS, true, 5);
    assertEquals(Optional.of(new OneLine.Take("B", 1, 0)), line.choose(-1, 1, 6), "a take that got someone may go on");
  }

  @Test
  @DisplayName("without a free cashier there is nothing to choose")
  void noFreeCashier() {
    OneLine line = new OneLine("A", SLACK);
    line.heard("B", 3, 500 * MS, 0);
    assertTrue(line.choose(-1, 0, 0).isEmpty());
  }
}
