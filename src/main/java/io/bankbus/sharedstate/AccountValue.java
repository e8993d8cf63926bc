package io.bankbus.sharedstate;

import io.bankbus.protocol.BankError;
import java.util.ArrayList;
import java.util.List;

/**
 * What the shared map holds per account: the balance, how many writes made it, which operation wrote it last
 * from which node, and the earlier writes whose operations were still unrecorded when they were overwritten.
 * Stored as the string {@code "<balance>@<version>"} or
 * {@code "<balance>@<version>@<opId>@<nodeId>[@<opId>@<nodeId>]..."} (operation ids never contain {@code @}):
 * the compare-and-set compares stored bytes, and a string read back is byte-for-byte what was written.
 *
 * <p>The version is instrumentation for the audit, not a lock: every write stores the version it read plus
 * one, so after a run {@code recorded changes - version} is exactly the number of writes that another write
 * overwrote (lost updates). The writes are what recovery reads when a node died in the middle of an operation:
 * an account that {@linkplain #names names} an operation was written by it. See {@link SharedStateTeller}.
 *
 * @param lastOp   the operation id of the last write, or {@code null} if unknown (a value written before this field)
 * @param node     the node that made the last write, or {@code null}
 * @param earlier  writes before the last one whose operations had no "done" record when they were overwritten
 *                 (a node died holding the lock, or two held it at once): kept until someone sees them recorded
 */
public record AccountValue(long balance, long version, String lastOp, String node, List<Write> earlier) {
  /** More unrecorded earlier writes than this on one account means recovery is stuck: writes are refused. */
  public static final int MAX_EARLIER = 16;

  /** One write to the account: by operation {@code opId}, run on node {@code node}. */
  public record Write(String opId, String node) {
  }

  public AccountValue {
    earlier = List.copyOf(earlier);
  }

  public AccountValue(long balance, long version) {
    this(balance, version, null, null, List.of());
  }

  public AccountValue(long balance, long version, String lastOp, String node) {
    this(balance, version, lastOp, node, List.of());
  }

  public String encode() {
    if (lastOp == null) {
      return balance + "@" + version;
    }
    StringBuilder s = new StringBuilder().append(balance).append('@').append(version).append('@').append(lastOp)
        .append('@').append(node);
    for (Write w : earlier) {
      s.append('@').append(w.opId()).append('@').append(w.node());
    }
    return s.toString();
  }

  /** The last write, or {@code null} if unknown. */
  public Write last() {
    return lastOp == null ? null : new Write(lastOp, node);
  }

  /**
   * The value after one more write, by operation {@code opId} on node {@code byNode}; {@code earlier} are the
   * writes of this value (its last and earlier ones) that must survive it because their operations are unrecorded.
   */
  public AccountValue next(long newBalance, String opId, String byNode, List<Write> earlier) {
    return new AccountValue(newBalance, version + 1, opId, byNode, earlier);
  }

  /** Was the last write made by {@code opId}? */
  public boolean writtenBy(String opId) {
    return opId.equals(lastOp);
  }

  /** Did {@code opId} write this account: is it the last write or one of the unrecorded earlier ones? */
  public boolean names(String opId) {
    return writtenBy(opId) || earlier.stream().anyMatch(w -> w.opId().equals(opId));
  }

  public static AccountValue decode(String stored) {
    String[] parts = stored.split("@", -1);
    try {
      if (parts.length == 2) {
        return new AccountValue(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      }
      if (parts.length >= 4 && parts.length % 2 == 0) {
        List<Write> earlier = new ArrayList<>();
        for (int i = 4; i < parts.length; i += 2) {
          earlier.add(new Write(parts[i], parts[i + 1]));
        }
        return new AccountValue(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2], parts[3], earlier);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw BankError.INTERNAL_ERROR.exception("unreadable account value '" + stored + "'");
  }
}
