package io.bankbus.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exit codes of every bankbus command, the one list each command's {@code --help} prints from
 * ({@link ExitCodeHelp}). A new code is one more constant here and in its command's {@link Returns}.
 */
public enum ExitCode {
  OK(0, "success"),
  SHUTDOWN_FAILED(1, "a node's shutdown did not finish within --shutdown-timeout"),
  /** Unknown flag or bad value: one line on stderr says which. */
  USAGE(2, "bad command line"),
  CLUSTER_JOIN_FAILED(3, "could not join the cluster, or (load) the bank's nodes did not start"),
  /** Joined, but for example its shards are owned elsewhere. */
  DEPLOYMENT_FAILED(4, "could not deploy the bank's verticles"),
  AUDIT_FAILED(5, "an audit that must pass failed (a node killed or stopped on purpose is no excuse)"),
  RUN_FAILED(6, "a run could not be completed (accounts not opened, visits not drained)"),
  HEAP_GREW(7, "with --heap-every: a process's heap after GC kept growing after the dedup window (see report)"),
  /** Its one-member cluster did not form, or a loop did not get the lock within 10 s. */
  LOCK_OVERLAP_FAILED(8, "lock-overlap could not run");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  /** One line, as {@code --help} prints it. */
  public String meaning() {
    return meaning;
  }

  /**
   * The codes a command can return ({@code --help} lists them by code). Declared next to its {@code @Command}
   * so that a new return path and its listing are one edit.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Returns {
    ExitCode[] value();

    /** What {@link #OK} means for this command, if more than "success". */
    String success() default "";
  }
}
