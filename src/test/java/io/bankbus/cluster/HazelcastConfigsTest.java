package io.bankbus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.ClusterNames;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazelcastConfigsTest {
  private static final Path CLUSTER_XML = Path.of("cluster.xml");

  private static Config clusterXml() {
    return HazelcastConfigs.load(ClusterOptions.defaults().withConfig(CLUSTER_XML));
  }

  @Test
  @DisplayName("cluster.xml joins by TCP-IP on loopback only, with multicast and auto-detection off")
  void loopbackJoin() {
    Config c = clusterXml();
    JoinConfig join = c.getNetworkConfig().getJoin();
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1:5701"), join.getTcpIpConfig().getMembers());
    assertEquals(List.of("127.0.0.1"), List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
  }

  @Test
  @DisplayName("cluster.xml sets the Hazelcast properties of a quick, quiet join: no wait, no phone-home, SLF4J logging")
  void quickQuietJoin() {
    Config c = clusterXml();
    assertEquals("0", c.getProperty("hazelcast.wait.seconds.before.join"));
    assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("slf4j", c.getProperty("hazelcast.logging.type"));
  }

  @Test
  @DisplayName("cluster.xml has Hazelcast listen on its interface only, not on every address")
  void listensOnItsInterfaceOnly() {
    assertEquals("false", clusterXml().getProperty("hazelcast.socket.bind.any"));
  }

  @Test
  @DisplayName("cluster.xml configures the structures Vert.x keeps in Hazelcast")
  void vertxStructures() {
    Config c = clusterXml();
    assertEquals(1, c.getMultiMapConfig("__vertx.subs").getBackupCount());
    assertTrue(c.getMapConfigs().containsKey("__vertx.haInfo"));
    assertTrue(c.getMapConfigs().containsKey("__vertx.nodeInfo"));
  }

  @Test
  @DisplayName("the copy packed in the jar is the top-level cluster.xml")
  void bundledIsTheSame() {
    Config bundled = HazelcastConfigs.load(ClusterOptions.defaults());
    Config file = clusterXml();
    assertEquals(file.getNetworkConfig().getJoin().getTcpIpConfig().getMembers(),
        bundled.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertEquals(file.getClusterName(), bundled.getClusterName());
  }

  @Test
  @DisplayName("flags override members, interface, public address, port and cluster name")
  void overrides() {
    Config c = HazelcastConfigs.load(ClusterOptions.defaults().withConfig(CLUSTER_XML)
        .withClusterName("other").withMembers(List.of("10.0.0.1:5701", "10.0.0.2"))
        .withBindInterface("10.0.0.3").withPublicAddress("203.0.113.7:15701").withPort(5801));
    assertEquals("other", c.getClusterName());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2"), c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertEquals(List.of("10.0.0.3"), List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals("203.0.113.7:15701", c.getNetworkConfig().getPublicAddress());
    assertEquals(5801, c.getNetworkConfig().getPort());
    assertFalse(c.getNetworkConfig().isPortAutoIncrement());
  }

  @Test
  @DisplayName("--interface makes Hazelcast listen on that address only, even if the file says bind any")
  void interfaceTurnsOffBindAny(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bind-any.xml"), Files.readString(CLUSTER_XML)
        .replace("<property name=\"hazelcast.socket.bind.any\">false</property>",
            "<property name=\"hazelcast.socket.bind.any\">true</property>"
                + "<property name=\"hazelcast.socket.server.bind.any\">true</property>"));
    assertEquals("true", HazelcastConfigs.load(ClusterOptions.defaults().withConfig(file))
        .getProperty("hazelcast.socket.server.bind.any"), "the file says bind any");
    Config c = HazelcastConfigs.load(ClusterOptions.defaults().withConfig(file).withBindInterface("127.0.0.1"));
    assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
    assertEquals("false", c.getProperty("hazelcast.socket.server.bind.any"));
  }

  @Test
  @DisplayName("a write whose backup never acknowledged fails rather than passing for done, whatever the file says")
  void failsOnIndeterminateState() {
    assertEquals("true", clusterXml().getProperty("hazelcast.operation.fail.on.indeterminate.state"));
  }

  @Test
  @DisplayName("without --expected-nodes no map is protected, so a bank of one node keeps working")
  void noProtectionByDefault() {
    Config c = clusterXml();
    assertTrue(c.getSplitBrainProtectionConfigs().isEmpty());
    assertEquals(null, c.getMapConfig(ClusterNames.balancesMap(BankModel.SHARED_STATE)).getSplitBrainProtectionName());
  }

  @Test
  @DisplayName("--expected-nodes 5 protects the shared-state maps and the lock map with a minimum of 3 members, read and write")
  void majorityOfExpected() {
    Config c = HazelcastConfigs.load(ClusterOptions.defaults().withConfig(CLUSTER_XML).withExpectedNodes(5));
    var rule = c.getSplitBrainProtectionConfig(HazelcastConfigs.MAJORITY);
    assertEquals(3, rule.getMinimumClusterSize());
    assertTrue(rule.isEnabled());
    assertEquals(SplitBrainProtectionOn.READ_WRITE, rule.getProtectOn());
    List<String> guarded = List.of(ClusterNames.balancesMap(BankModel.SHARED_STATE),
        ClusterNames.appliedMap(BankModel.SHARED_STATE), ClusterNames.balancesMap(BankModel.UNLOCKED_SHARED_STATE),
        ClusterNames.appliedMap(BankModel.UNLOCKED_SHARED_STATE), ClusterNames.VERTX_LOCK_MAP);
    for (String map : guarded) {
      assertEquals(HazelcastConfigs.MAJORITY, c.getMapConfig(map).getSplitBrainProtectionName(), map);
    }
    assertEquals(1, c.getMapConfig(ClusterNames.balancesMap(BankModel.SHARED_STATE)).getBackupCount(),
        "the bankbus.* backup count is kept");
    assertEquals(null, c.getMapConfig(ClusterNames.SHARD_OWNERS_MAP).getSplitBrainProtectionName(),
        "message passing's maps are its own business");
  }

  @Test
  @DisplayName("the lock map protected is the one the vertx-hazelcast on the class path takes its locks in")
  void lockMapIsVertxs() throws Exception {
    try (InputStream in = getClass().getResourceAsStream(
        "/io/vertx/spi/cluster/hazelcast/impl/HazelcastObjectProviderImpl.class")) {
      assertTrue(in != null, "vertx-hazelcast's object provider moved: look up its lock map anew");
      String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(constants.contains(ClusterNames.VERTX_LOCK_MAP), "vertx-hazelcast no longer names "
          + ClusterNames.VERTX_LOCK_MAP);
    }
  }
}
