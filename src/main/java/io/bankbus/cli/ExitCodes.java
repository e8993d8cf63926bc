package io.bankbus.cli;

/** Exit codes of every bankbus command, documented in README.md. */
public final class ExitCodes {
  public static final int OK = 0;
  /** A node did not shut down cleanly within its shutdown timeout. */
  public static final int SHUTDOWN_FAILED = 1;
  /** Bad command line: unknown flag, bad value. */
  public static final int USAGE = 2;
  /** The node could not join (or form) the Hazelcast cluster. */
  public static final int CLUSTER_JOIN_FAILED = 3;
  /** The node joined but could not deploy its verticles (for example, its shards are owned elsewhere). */
  public static final int DEPLOYMENT_FAILED = 4;
  /** {@code lock-overlap} could not run: its one-member cluster did not form, or a loop did not get the lock. */
  public static final int LOCK_OVERLAP_FAILED = 8;

  private ExitCodes() {
  }
}
