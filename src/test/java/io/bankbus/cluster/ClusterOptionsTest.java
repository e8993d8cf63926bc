package io.bankbus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {
  @Test
  @DisplayName("processes sharing a machine get its cores shared out, at least one event loop each")
  void sharedMachineEventLoops() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(cores, ClusterOptions.sharedMachineEventLoops(1));
    assertEquals(Math.max(1, cores / 3), ClusterOptions.sharedMachineEventLoops(3));
    assertEquals(1, ClusterOptions.sharedMachineEventLoops(cores + 1));
    assertEquals(cores, ClusterOptions.sharedMachineEventLoops(0), "no process to share with: all cores");
  }

  @Test
  @DisplayName("event loops are kept through the other settings, and a count out of range is refused")
  void eventLoops() {
    ClusterOptions options = ClusterOptions.defaults().withEventLoops(3).withPort(5701).asLiteMember()
        .withExpectedNodes(2).withEventBusPort(6000);
    assertEquals(3, options.eventLoops());
    assertEquals(0, ClusterOptions.defaults().eventLoops(), "default: Vert.x's own");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ClusterOptions.defaults().withEventLoops(ClusterOptions.MAX_EVENT_LOOPS + 1));
    assertTrue(refused.getMessage().contains("event loops"), refused.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClusterOptions.defaults().withEventLoops(-1));
  }
}
