package io.bankbus.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
  private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
      + "   uid  timeout inode\n";
  private static final String TCP6_HEADER = "  sl  local_address                         remote_address"
      + "                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

  @Test
  @DisplayName("a LISTEN row of /proc/net/tcp gives its address, port and inode")
  void ipv4Row() {
    List<ListeningSockets.Listener> rows = parseX86(TCP_HEADER
        + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1"
        + " 000000006a44b572 100 0 0 10 0\n");
    assertEquals(List.of(new ListeningSockets.Listener(loopback(), 8080, 12345)), rows);
  }

  @Test
  @DisplayName("the wildcard rows of tcp and tcp6 read as 0.0.0.0 and ::")
  void wildcards() {
    List<ListeningSockets.Listener> v4 = parseX86(TCP_HEADER
        + "   0: 00000000:165D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1144 1"
        + " 000000006a44b572 100 0 0 10 0\n");
    List<ListeningSockets.Listener> v6 = parseX86(TCP6_HEADER
        + "   0: 00000000000000000000000000000000:165D 00000000000000000000000000000000:0000 0A 00000000:00000000"
        + " 00:00000000 00000000     0        0 7683 1 0000000089ced386 100 0 0 10 0\n");
    assertEquals("0.0.0.0:5725", v4.get(0).address().getHostAddress() + ":" + v4.get(0).port());
    assertTrue(v6.get(0).address().isAnyLocalAddress() && v6.get(0).address().getAddress().length == 16,
        v6.toString());
  }

  @Test
  @DisplayName("an IPv4-mapped row of tcp6 (::ffff:127.0.0.1, Java's dual-stack sockets) reads as 127.0.0.1")
  void mappedRow() {
    List<ListeningSockets.Listener> rows = parseX86(TCP6_HEADER
        + "   0: 0000000000000000FFFF00000100007F:8F39 00000000000000000000000000000000:0000 0A 00000000:00000000"
        + " 00:00000000 00000000     0        0 99 1 0000000089ced386 100 0 0 10 0\n");
    assertEquals(List.of(new ListeningSockets.Listener(loopback(), 36665, 99)), rows);
  }

  @Test
  @DisplayName("rows in another state than LISTEN are skipped")
  void otherStates() {
    List<ListeningSockets.Listener> rows = parseX86(TCP_HEADER
        + "   1: 0100007F:A4C8 0100007F:165D 01 00000000:00000000 00:00000000 00000000     0        0 2001 1"
        + " 000000006a44b572 20 4 30 10 -1\n");
    assertEquals(List.of(), rows);
  }

  @Test
  @DisplayName("of(pid) finds a socket this JVM listens on, with its address and port")
  void thisProcess() throws Exception {
    assertTrue(Files.isDirectory(Path.of("/proc/self/fd")), "the tests read listening sockets from Linux /proc");
    try (ServerSocket server = new ServerSocket(0, 1, loopback())) {
      List<ListeningSockets.Listener> mine = ListeningSockets.of(ProcessHandle.current().pid());
      assertTrue(mine.stream().anyMatch(l -> l.port() == server.getLocalPort() && l.address().equals(loopback())),
          mine.toString());
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** The sample rows were printed by an x86-64 kernel, which prints each address word little-endian. */
  private static List<ListeningSockets.Listener> parseX86(String table) {
    return ListeningSockets.parse(table, ByteOrder.LITTLE_ENDIAN);
  }
}
