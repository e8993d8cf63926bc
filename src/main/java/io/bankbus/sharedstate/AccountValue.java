package io.bankbus.sharedstate;

import io.bankbus.protocol.BankError;

/**
 * What the shared map holds per account: the balance and how many writes made it. The version is
 * instrumentation for the audit, not a lock: every write stores the version it read plus one, so after a run
 * {@code recorded changes - version} is exactly the number of writes that another write overwrote (lost
 * updates). Stored as the string {@code "<balance>@<version>"}: the compare-and-set compares stored bytes,
 * and a string read back is byte-for-byte what was written.
 */
public record AccountValue(long balance, long version) {

  public String encode() {
    return balance + "@" + version;
  }

  /** The value after one more write. */
  public AccountValue next(long newBalance) {
    return new AccountValue(newBalance, version + 1);
  }

  public static AccountValue decode(String stored) {
    int at = stored.indexOf('@');
    try {
      return new AccountValue(Long.parseLong(stored.substring(0, at)), Long.parseLong(stored.substring(at + 1)));
    } catch (RuntimeException e) {
      throw BankError.INTERNAL_ERROR.exception("unreadable account value '" + stored + "'");
    }
  }
}
