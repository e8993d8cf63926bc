package io.bankbus.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeparturesTest {
  @Test
  @DisplayName("of the live nodes that run a sweeper, only the smallest sweeps; the others remember the departure")
  void onlyTheSmallestSweeperSweeps() {
    Departures a = new Departures("a", Set.of("a", "b", "c"));
    Departures b = new Departures("b", Set.of("a", "b", "c"));
    assertTrue(a.look(Set.of("a", "b")));
    assertEquals(Set.of("c"), a.toSweep(Set.of("a", "b")));
    assertTrue(b.look(Set.of("a", "b")));
    assertEquals(Set.of(), b.toSweep(Set.of("a", "b")));
    assertEquals(Set.of("c"), b.unswept(), "b remembers c, in case a leaves before sweeping it");
    assertFalse(b.look(Set.of("a", "b")), "nothing changed: no choice to make again");
  }

  @Test
  @DisplayName("a member that runs no sweeper (the load's process, a node of other models) is never chosen")
  void aMemberWithoutASweeperIsNotChosen() {
    Departures b = new Departures("b", Set.of("0-load", "b", "c", "d"));
    assertTrue(b.look(Set.of("0-load", "b", "c")));
    assertEquals(Set.of("d"), b.toSweep(Set.of("b", "c")), "0-load is smaller, but it does not sweep");
  }

  @Test
  @DisplayName("when the sweeper leaves too, the next one sweeps every departure it saw")
  void theNextSweeperSweepsWhatTheSweeperLeft() {
    Departures b = new Departures("b", Set.of("a", "b", "c", "d"));
    assertTrue(b.look(Set.of("a", "b", "c")));
    assertEquals(Set.of(), b.toSweep(Set.of("a", "b", "c")));
    assertTrue(b.look(Set.of("b", "c")), "a left: the sweeper is chosen again");
    assertEquals(Set.of("a", "d"), b.toSweep(Set.of("b", "c")));
    b.swept(Set.of("a", "d"));
    assertFalse(b.look(Set.of("b", "c")), "swept once, not again");
    assertEquals(Set.of(), b.unswept());
  }

  @Test
  @DisplayName("a sweep that failed is offered again at the next look")
  void aSweepThatFailedIsOfferedAgain() {
    Departures a = new Departures("a", Set.of("a", "b"));
    assertTrue(a.look(Set.of("a")));
    assertEquals(Set.of("b"), a.toSweep(Set.of("a")));
    assertFalse(a.look(Set.of("a")), "under way: not offered twice at once");
    a.failed();
    assertTrue(a.look(Set.of("a")));
    assertEquals(Set.of("b"), a.toSweep(Set.of("a")));
  }

  @Test
  @DisplayName("a node back after a partition was cut off, not dead: it is not swept")
  void aNodeBackAfterAPartitionIsNotSwept() {
    Departures a = new Departures("a", Set.of("a", "b", "c"));
    Departures c = new Departures("c", Set.of("a", "b", "c"));
    assertTrue(c.look(Set.of("c")));
    c.failed();                                // its side has no majority: the sweep's reads are refused
    assertTrue(a.look(Set.of("a", "b")));
    a.failed();
    assertFalse(a.look(Set.of("a", "b", "c")), "c is back");
    assertFalse(c.look(Set.of("a", "b", "c")), "a and b are back");
    assertEquals(Set.of(), a.unswept());
    assertEquals(Set.of(), c.unswept());
  }

  @Test
  @DisplayName("a node joining changes the members but leaves nothing to sweep")
  void aJoinLeavesNothingToSweep() {
    Departures a = new Departures("a", Set.of("a", "b"));
    assertFalse(a.look(Set.of("a", "b", "c")));
  }

  @Test
  void theSweeperIsTheSmallestId() {
    assertEquals("0b", Departures.sweeper(Set.of("1a", "0b", "f0")));
    assertNull(Departures.sweeper(Set.of()));
  }
}
