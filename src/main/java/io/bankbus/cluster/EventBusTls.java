package io.bankbus.cluster;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * TLS for the clustered event bus, from a directory made by {@code scripts/gen-certs.sh}: this process's key and
 * certificate ({@code <name>.p12}), the authority it trusts ({@code truststore.p12}), and the stores' password,
 * from the environment ({@value #PASSWORD_ENV}) or else the file {@code password} in the directory; never from
 * the command line. Client authentication is required and certificates are verified (Vert.x trusts all by
 * default: not here), so a process without a certificate signed by that authority can neither open a
 * connection to a node's event bus nor accept one from it.
 *
 * <p>{@link #toString()} never shows the password.
 */
public final class EventBusTls {
  public static final String PASSWORD_ENV = "BANKBUS_TLS_PASSWORD";

  private final Path dir;
  private final String name;
  private final String password;

  private EventBusTls(Path dir, String name, String password) {
    this.dir = dir;
    this.name = name;
    this.password = password;
  }

  /**
   * @param env the environment to read {@value #PASSWORD_ENV} from (the process's, but a test may pass its own)
   * @throws IllegalArgumentException naming what is missing or unreadable
   */
  public static EventBusTls load(Path dir, String name, Map<String, String> env) {
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("TLS name must be 1-64 of letters, digits, . _ -, got '" + name + "'");
    }
    for (Path needed : new Path[] {dir.resolve(name + ".p12"), dir.resolve("truststore.p12")}) {
      if (!Files.isReadable(needed)) {
        throw new IllegalArgumentException("TLS: cannot read " + needed + " (make the directory with scripts/gen-certs.sh)");
      }
    }
    String password = env.get(PASSWORD_ENV);
    if (password == null) {
      Path file = dir.resolve("password");
      try {
        password = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("TLS: no " + PASSWORD_ENV + " in the environment and cannot read " + file);
      }
    }
    if (password.isEmpty()) {
      throw new IllegalArgumentException("TLS: the keystore password is empty");
    }
    return new EventBusTls(dir, name, password);
  }

  /** Switches {@code bus} to TLS with this identity: mutual authentication, nothing trusted but the authority. */
  public EventBusOptions apply(EventBusOptions bus) {
    return bus.setSsl(true)
        // PfxOptions, not the generic KeyStoreOptions: the clustered event bus copies its options through JSON,
        // and the generic kind did not survive the copy (measured: "Key/certificate is mandatory for SSL").
        .setKeyCertOptions(new PfxOptions().setPath(dir.resolve(name + ".p12").toString()).setPassword(password)
            .setAlias(name).setAliasPassword(password))
        .setTrustOptions(new PfxOptions().setPath(dir.resolve("truststore.p12").toString()).setPassword(password))
        .setClientAuth(ClientAuth.REQUIRED)
        .setTrustAll(false);
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "TLS as '" + name + "' from " + dir;
  }
}
