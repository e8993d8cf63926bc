package io.bankbus.cluster;

import java.util.Objects;

/** A host and port a node listens on for the outside world (HTTP or the TCP bridge); port 0 picks a free one. */
public record Endpoint(String host, int port) {
  public Endpoint {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
  }
}
