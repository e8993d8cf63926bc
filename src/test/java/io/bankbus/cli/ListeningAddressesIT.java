package io.bankbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.support.ListeningSockets;
import io.bankbus.support.NodeProcess;
import io.bankbus.support.Scripts;
import io.bankbus.support.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A node process started with {@code --interface 127.0.0.1} listens on 127.0.0.1 only: Hazelcast's member port
 * (neither encrypted nor authenticated), the event bus, the HTTP port and the customer bridge. Read from the
 * process's own sockets in /proc, so a door on 0.0.0.0 or :: fails the test.
 */
class ListeningAddressesIT {
  private static final Pattern HTTP = Pattern.compile("live page http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern BRIDGE = Pattern.compile("customer bridge 127\\.0\\.0\\.1:(\\d+) ");

  @BeforeAll
  static void linux() {
    assertTrue(Files.isDirectory(Path.of("/proc/self/net")), "the test reads listening sockets from Linux /proc");
  }

  @Test
  @DisplayName("with cluster.xml and --interface 127.0.0.1, every socket a node listens on is bound to 127.0.0.1")
  void clusterXml() throws Exception {
    assertOnlyLoopback(Scripts.ROOT.resolve("cluster.xml"), "listen");
  }

  @Test
  @DisplayName("--interface 127.0.0.1 binds Hazelcast to 127.0.0.1 only even if the cluster file says bind any")
  void overridesTheFile() throws Exception {
    String xml = Files.readString(Scripts.ROOT.resolve("cluster.xml"))
        .replaceAll("\\s*<property name=\"hazelcast\\.socket\\.bind\\.any\">[^<]*</property>", "")
        .replace("<properties>", "<properties>\n    <property name=\"hazelcast.socket.bind.any\">true</property>");
    Path file = Files.createDirectories(Scripts.ROOT.resolve("target/listening-addresses-it"))
        .resolve("bind-any.xml");
    Files.writeString(file, xml);
    assertOnlyLoopback(file, "listen-any");
  }

  private static void assertOnlyLoopback(Path clusterConfig, String test) throws Exception {
    int port = TestClusters.freePort();
    try (NodeProcess node = NodeProcess.start("node", "--cluster-config", clusterConfig.toString(),
        "--cluster-name", TestClusters.uniqueClusterName(test), "--interface", "127.0.0.1",
        "--port", "" + port, "--members", "127.0.0.1:" + port, "--cashiers", "1",
        "--http-port", "0", "--bridge-port", "0")) {
      String ready = node.awaitReady(90);
      List<ListeningSockets.Listener> listening = ListeningSockets.of(node.pid());
      Set<Integer> ports = listening.stream().map(ListeningSockets.Listener::port).collect(Collectors.toSet());
      // The doors this test must have seen, so that "all on 127.0.0.1" cannot hold for want of sockets.
      for (int door : List.of(port, group(HTTP, ready), group(BRIDGE, ready))) {
        assertTrue(ports.contains(door), "port " + door + " not among " + listening + "\n" + ready);
      }
      List<String> elsewhere = listening.stream()
          .filter(l -> !l.address().getHostAddress().equals("127.0.0.1"))
          .map(ListeningSockets.Listener::toString).toList();
      assertEquals(List.of(), elsewhere, "listening beyond 127.0.0.1; all: " + listening);
      assertEquals(0, node.terminate(60), node.output());
    }
  }

  private static int group(Pattern pattern, String line) {
    Matcher m = pattern.matcher(line);
    assertTrue(m.find(), pattern + " not in " + line);
    return Integer.parseInt(m.group(1));
  }
}
