package io.bankbus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  @DisplayName("the highest port picked is one below the ephemeral range, and never above 32767")
  void highest() {
    assertEquals(32_767, FreePorts.highest("32768\t60999\n"));
    assertEquals(24_999, FreePorts.highest("25000 30000"));
    assertEquals(32_767, FreePorts.highest("49152 65535"));
    assertEquals(32_767, FreePorts.highest(null));
    assertEquals(32_767, FreePorts.highest("not a range"));
  }

  @Test
  @DisplayName("an ephemeral range that leaves no room below it gives -1: the kernel picks the port then")
  void noRoom() {
    assertEquals(-1, FreePorts.highest("20500 60999"));
    assertEquals(-1, FreePorts.highest("1024 65535"));
  }

  @Test
  @DisplayName("a picked port is below the ephemeral range, not among those taken, and can be listened on")
  void pick() throws Exception {
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      int port = FreePorts.pick(taken);
      assertTrue(port >= FreePorts.LOWEST && port < 32_768, "port " + port);
      assertFalse(taken.contains(port), "port " + port + " was taken");
      taken.add(port);
    }
    int port = FreePorts.pick(List.of());
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(port, socket.getLocalPort());
    }
  }
}
