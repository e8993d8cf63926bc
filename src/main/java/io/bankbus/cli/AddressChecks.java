package io.bankbus.cli;

import java.util.regex.Pattern;

/** Checks of the network addresses given on the command line, with messages that say what is expected. */
final class AddressChecks {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private AddressChecks() {
  }

  /** {@code host} or {@code host:port}; Hazelcast fails obscurely on port ranges once interfaces are pinned. */
  static void checkMember(String member) {
    int colon = member.lastIndexOf(':');
    String host = colon < 0 ? member : member.substring(0, colon);
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + member + "' is not HOST or HOST:PORT");
    }
    if (colon >= 0) {
      String port = member.substring(colon + 1);
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("'" + member + "': the port must be one number 1-65535"
            + (port.contains("-") ? " (port ranges are not supported; list each member)" : ""));
      }
    }
  }

  /** The address {@code flag} names to bind to (Hazelcast, the event bus, HTTP, the bridge): an IPv4 address. */
  static void checkIpv4(String flag, String ip) {
    if (!IPV4.matcher(ip).matches()) {
      throw new IllegalArgumentException(flag + " must be an IPv4 address such as 127.0.0.1, got '" + ip + "'");
    }
  }
}
