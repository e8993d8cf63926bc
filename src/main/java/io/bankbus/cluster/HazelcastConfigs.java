package io.bankbus.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.ClusterNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Builds the Hazelcast {@link Config} of a node: the XML file, then the {@link ClusterOptions} overrides, then
 * what the bank always wants: a write whose backup never acknowledged fails instead of passing for done, and,
 * given the bank's expected size, split-brain protection on the shared state and the lock map.
 */
public final class HazelcastConfigs {
  /** The copy of the top-level cluster.xml packed into the jar. */
  public static final String BUNDLED = "/cluster.xml";
  /** The split-brain protection rule: at least a majority of the expected bank nodes on this side. */
  public static final String MAJORITY = "bankbus-majority";

  static {
    // Hazelcast logs while parsing the XML, before the file's own logging property is read.
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
  }

  private HazelcastConfigs() {
  }

  public static Config load(ClusterOptions options) {
    Config config = read(options);
    if (options.clusterName() != null) {
      config.setClusterName(options.clusterName());
    }
    NetworkConfig network = config.getNetworkConfig();
    if (!options.members().isEmpty()) {
      network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(options.members());
    }
    if (options.bindInterface() != null) {
      InterfacesConfig interfaces = network.getInterfaces();
      interfaces.setEnabled(true).clear();
      interfaces.addInterface(options.bindInterface());
      // The interface only picks the address Hazelcast advertises: it listens on every address unless told not
      // to, and member traffic is neither encrypted nor authenticated. Set here so no file can undo it.
      config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
      config.setProperty(ClusterProperty.SOCKET_SERVER_BIND_ANY.getName(), "false");
    }
    if (options.publicAddress() != null) {
      network.setPublicAddress(options.publicAddress());
    }
    if (options.port() != 0) {
      network.setPort(options.port()).setPortAutoIncrement(false);
    }
    if (options.lite()) {
      config.setLiteMember(true);
    }
    // Hazelcast's default reports a write as done when its backup never acknowledged it (timed out, or the
    // backup's member was cut off): the customer would hear "done" of a write a partition may then drop.
    config.setProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName(), "true");
    if (options.expectedNodes() > 0) {
      protectSharedState(config, options.majority());
    }
    return config;
  }

  /**
   * A side of the cluster with fewer than {@code majority} data members (the load's lite member does not count)
   * refuses every read and write of the shared-state maps and every lock, unlock and force-unlock of Vert.x's
   * lock map (Hazelcast's lock operations check the protection of the map they lock in). Each map gets a config
   * of its own, a copy of the one its name matches ({@code bankbus.*}: the backup count), since
   * {@code getMapConfig} hands back the wildcard's config itself and would protect every {@code bankbus.} map.
   * Hazelcast notices a lost majority only when it declares members dead (5 s: cluster.xml), and checks it every
   * heartbeat: docs/partitions.md measures what slips through before that.
   */
  private static void protectSharedState(Config config, int majority) {
    config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MAJORITY, true, majority)
        .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
    for (BankModel model : BankModel.values()) {
      if (model.sharedMap()) {
        protect(config, ClusterNames.balancesMap(model));
        protect(config, ClusterNames.appliedMap(model));
      }
    }
    protect(config, ClusterNames.VERTX_LOCK_MAP);
  }

  private static void protect(Config config, String map) {
    config.addMapConfig(new MapConfig(config.findMapConfig(map)).setName(map).setSplitBrainProtectionName(MAJORITY));
  }

  private static Config read(ClusterOptions options) {
    try (InputStream in = options.config() == null
        ? HazelcastConfigs.class.getResourceAsStream(BUNDLED)
        : Files.newInputStream(options.config())) {
      if (in == null) {
        throw new IllegalStateException("the jar holds no " + BUNDLED + "; pass --cluster-config");
      }
      return new XmlConfigBuilder(in).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Hazelcast configuration " + options.config() + ": " + e.getMessage(), e);
    }
  }
}
