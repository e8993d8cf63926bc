package io.bankbus.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.spi.properties.ClusterProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Builds the Hazelcast {@link Config} of a node: the XML file, then the {@link ClusterOptions} overrides. */
public final class HazelcastConfigs {
  /** The copy of the top-level cluster.xml packed into the jar. */
  public static final String BUNDLED = "/cluster.xml";

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
    return config;
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
