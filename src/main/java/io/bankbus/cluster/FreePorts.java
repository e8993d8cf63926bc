package io.bankbus.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Listening ports for the processes bankbus starts on one machine (the load's and chaos run's nodes, the tests'),
 * picked free on 127.0.0.1 and below the kernel's ephemeral range.
 *
 * <p>Why not a port the kernel picks ({@code new ServerSocket(0)}): that port is ephemeral, and Hazelcast binds
 * each outgoing member socket to port 0 before it connects. When a member has gone, the others keep reconnecting
 * to its port; if the kernel hands one of those sockets the very port it dials, TCP connects the socket to itself
 * (simultaneous open), the member reads its own handshake, takes that address for its own and logs
 * "Connecting to self!" from then on. A port outside the ephemeral range is never handed out that way.
 */
public final class FreePorts {
  /** The lowest port picked: above the registered services most machines run. */
  static final int LOWEST = 20_000;
  /** Where Linux keeps the ephemeral range, "low high". */
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  /** The ephemeral range's start where the file is absent (Linux's default; macOS and Windows start higher). */
  private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
  private static final int TRIES = 200;

  private FreePorts() {
  }

  /**
   * A port free on 127.0.0.1 now, in {@code [LOWEST, ephemeral start)}, not one of {@code taken}; where the
   * ephemeral range leaves no room below it (some servers widen it to 1024-65535), one the kernel picks.
   */
  public static int pick(Collection<Integer> taken) throws IOException {
    int highest = highest(readRange());
    if (highest < 0) {
      return kernelPicked(taken);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < TRIES; i++) {
      int port = random.nextInt(LOWEST, highest + 1);
      if (!taken.contains(port) && free(port)) {
        return port;
      }
    }
    throw new IOException("no free port on 127.0.0.1 between " + LOWEST + " and " + highest + " after " + TRIES
        + " tries");
  }

  /**
   * The highest port to pick, given the ephemeral range as Linux prints it ({@code null}: unknown): one below its
   * start, and never above {@value #DEFAULT_EPHEMERAL_LOW} - 1; -1 if the range starts too low to leave room.
   */
  static int highest(String range) {
    int low = DEFAULT_EPHEMERAL_LOW;
    if (range != null) {
      String[] parts = range.trim().split("\\s+");
      try {
        low = Math.min(low, Integer.parseInt(parts[0]));
      } catch (NumberFormatException unreadable) {
        // keep the default
      }
    }
    return low <= LOWEST + 1_000 ? -1 : low - 1;
  }

  private static int kernelPicked(Collection<Integer> taken) throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (!taken.contains(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }

  /** Read by lines: /proc says its files are empty, and JDK 17's readString then returns only the first byte. */
  private static String readRange() {
    try {
      return String.join(" ", Files.readAllLines(EPHEMERAL_RANGE, StandardCharsets.US_ASCII));
    } catch (IOException | SecurityException absent) {
      return null;
    }
  }

  private static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
