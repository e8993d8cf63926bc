package io.bankbus.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DeparturesTest {
  @Test
  void onlyTheSmallestMemberSweeps() {
    Departures a = new Departures("a", Set.of("a", "b", "c"));
    Departures b = new Departures("b", Set.of("a", "b", "c"));
    assertEquals(Set.of("c"), a.look(Set.of("a", "b")));
    assertEquals(Set.of(), b.look(Set.of("a", "b")), "b is not the sweeper while a is a member");
    assertEquals(Set.of("c"), b.unswept(), "but b remembers c, in case a leaves before sweeping it");
  }

  @Test
  void theNextSmallestSweepsWhatTheSweeperLeft() {
    Departures b = new Departures("b", Set.of("a", "b", "c", "d"));
    assertEquals(Set.of(), b.look(Set.of("a", "b", "c")));
    assertEquals(Set.of("a", "d"), b.look(Set.of("b", "c")), "a left too: b sweeps both departures");
    b.swept(Set.of("a", "d"));
    assertEquals(Set.of(), b.look(Set.of("b", "c")), "swept once, not again");
  }

  @Test
  void aSweepThatFailedIsOfferedAgain() {
    Departures a = new Departures("a", Set.of("a", "b"));
    assertEquals(Set.of("b"), a.look(Set.of("a")));
    assertEquals(Set.of("b"), a.look(Set.of("a")), "not marked swept: the next look offers it again");
  }

  @Test
  void aNodeBackAfterAPartitionIsNotSwept() {
    Departures a = new Departures("a", Set.of("a", "b", "c"));
    Departures c = new Departures("c", Set.of("a", "b", "c"));
    assertEquals(Set.of("a", "b"), c.look(Set.of("c")), "cut off alone, c is its side's sweeper");
    assertEquals(Set.of("c"), a.look(Set.of("a", "b")), "a is the other side's");
    assertEquals(Set.of(), a.look(Set.of("a", "b", "c")), "c is back: it was cut off, not dead");
    assertEquals(Set.of(), c.look(Set.of("a", "b", "c")));
    assertEquals(Set.of(), a.unswept());
    assertEquals(Set.of(), c.unswept());
  }

  @Test
  void theSweeperIsTheSmallestId() {
    assertEquals("0b", Departures.sweeper(Set.of("1a", "0b", "f0")));
    assertEquals(null, Departures.sweeper(Set.of()));
  }
}
