package io.bankbus.sharedstate;

import io.bankbus.protocol.BankError;

/**
 * What the shared map holds per account: the balance, how many writes made it, and which operation wrote it
 * last from which node. Stored as the string {@code "<balance>@<version>"} or
 * {@code "<balance>@<version>@<opId>@<nodeId>"}: the compare-and-set compares stored bytes, and a string read
 * back is byte-for-byte what was written.
 *
 * <p>The version is instrumentation for the audit, not a lock: every write stores the version it read plus
 * one, so after a run {@code recorded changes - version} is exactly the number of writes that another write
 * overwrote (lost updates). The last writer is what recovery reads when a node died in the middle of an
 * operation: see {@link SharedStateTeller}.
 *
 * @param lastOp the operation id of the last write, or {@code null} if unknown (a value written before this field)
 * @param node   the node that made the last write, or {@code null}
 */
public record AccountValue(long balance, long version, String lastOp, String node) {

  public AccountValue(long balance, long version) {
    this(balance, version, null, null);
  }

  public String encode() {
    return lastOp == null ? balance + "@" + version : balance + "@" + version + "@" + lastOp + "@" + node;
  }

  /** The value after one more write, by operation {@code opId} on node {@code byNode}. */
  public AccountValue next(long newBalance, String opId, String byNode) {
    return new AccountValue(newBalance, version + 1, opId, byNode);
  }

  /** Was the last write made by {@code opId}? */
  public boolean writtenBy(String opId) {
    return opId.equals(lastOp);
  }

  public static AccountValue decode(String stored) {
    String[] parts = stored.split("@", -1);
    try {
      if (parts.length == 2) {
        return new AccountValue(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      }
      if (parts.length == 4) {
        return new AccountValue(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2], parts[3]);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw BankError.INTERNAL_ERROR.exception("unreadable account value '" + stored + "'");
  }
}
