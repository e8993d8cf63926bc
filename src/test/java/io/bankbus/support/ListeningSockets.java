package io.bankbus.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc} (no {@code ss} or {@code netstat} needed):
 * {@code /proc/<pid>/net/tcp} and {@code tcp6} list every socket of the process's network namespace, so only
 * those whose inode is one of the process's file descriptors ({@code /proc/<pid>/fd/N -> socket:[inode]}) count.
 */
public final class ListeningSockets {
  private static final String LISTEN = "0A";
  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

  private ListeningSockets() {
  }

  /**
   * A listening socket. An IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}, how Java's dual-stack sockets
   * show in {@code tcp6}) comes back as its IPv4 address: such a socket accepts that address only.
   */
  public record Listener(InetAddress address, int port, long inode) {
    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port + " (inode " + inode + ")";
    }
  }

  /** The TCP sockets process {@code pid} listens on, IPv4 and IPv6. */
  public static List<Listener> of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    Set<Long> inodes = socketInodes(proc.resolve("fd"));
    List<Listener> listening = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path file = proc.resolve("net").resolve(table);
      if (!Files.exists(file)) {
        continue; // tcp6 is absent on a kernel without IPv6
      }
      try {
        parse(Files.readString(file), ByteOrder.nativeOrder()).stream().filter(l -> inodes.contains(l.inode())).forEach(listening::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return listening;
  }

  /**
   * The LISTEN rows of a {@code /proc/net/tcp} or {@code tcp6} table (the header and other states are skipped),
   * printed by a kernel of byte order {@code order}.
   */
  public static List<Listener> parse(String table, ByteOrder order) {
    List<Listener> listening = new ArrayList<>();
    for (String line : table.split("\n")) {
      String[] f = line.trim().split("\\s+");
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
      if (f.length < 10 || !f[0].endsWith(":") || !LISTEN.equals(f[3])) {
        continue;
      }
      int colon = f[1].indexOf(':');
      listening.add(new Listener(address(f[1].substring(0, colon), order), Integer.parseInt(f[1].substring(colon + 1), 16),
          Long.parseLong(f[9])));
    }
    return listening;
  }

  /** The kernel prints each 32-bit word of the address as a number in the machine's byte order. */
  static InetAddress address(String hex, ByteOrder order) {
    ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2).order(order);
    for (int i = 0; i < hex.length(); i += 8) {
      bytes.putInt((int) Long.parseLong(hex.substring(i, i + 8), 16));
    }
    try {
      return InetAddress.getByAddress(bytes.array());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + hex, e);
    }
  }

  private static Set<Long> socketInodes(Path fds) {
    Set<Long> inodes = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
      for (Path fd : entries) {
        try {
          Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(Long.parseLong(m.group(1)));
          }
        } catch (NoSuchFileException closed) {
          // closed while we listed: not listening now
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + fds + ": " + e.getMessage(), e);
    }
    return inodes;
  }
}
