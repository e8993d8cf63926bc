package io.bankbus.messagepassing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this whole process stood still (SIGSTOP, a long GC pause, a starved machine): a daemon thread that
 * ticks every {@value #TICK_MS} ms and sees when a tick comes late. A process that stood still longer than the
 * cluster's failure detection may have been thrown out and replaced without knowing it; its own view of the
 * cluster (members, claims) is stale until it has merged back. Until {@value #HOLD_MS} ms after such a pause, this
 * node takes no shard over and acknowledges nothing on its own memory alone (an owner with a follower is fenced
 * by that follower instead). A check right after the pause, before the thread has ticked again, also says so:
 * the last tick is then old.
 */
final class PauseWatch {
  private static final Logger LOG = LoggerFactory.getLogger(PauseWatch.class);
  static final long TICK_MS = 100;
  /** A pause this long may outlast failure detection (5 s of missed heartbeats, cluster.xml). */
  static final long PAUSE_MS = 4_000;
  /** Longer than Hazelcast needs to merge a member that was thrown out back in (cluster.xml: 10 s). */
  static final long HOLD_MS = 15_000;

  private static volatile long lastTickNanos = System.nanoTime();
  private static volatile long pauseEndedNanos = Long.MIN_VALUE / 2;

  static {
    Thread ticker = new Thread(PauseWatch::tick, "bankbus-pause-watch");
    ticker.setDaemon(true);
    ticker.start();
  }

  private PauseWatch() {
  }

  /** Starts watching (the first call does; the rest do nothing): before anything may depend on it. */
  static void start() {
    // Loading the class started the ticker.
  }

  private static void tick() {
    while (true) {
      try {
        Thread.sleep(TICK_MS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      long gapMs = (now - lastTickNanos) / 1_000_000;
      if (gapMs > PAUSE_MS) {
        pauseEndedNanos = now;
        LOG.warn("this process stood still for {} ms, longer than failure detection may allow: for {} s it takes"
            + " no ledger shard over and acknowledges nothing without a follower", gapMs, HOLD_MS / 1000);
      }
      lastTickNanos = now;
    }
  }

  /** Whether this process stood still recently (or right now has: the last tick is late). */
  static boolean recentlyPaused() {
    long now = System.nanoTime();
    return now - lastTickNanos > PAUSE_MS * 1_000_000 || now - pauseEndedNanos < HOLD_MS * 1_000_000;
  }
}
