package io.bankbus.messagepassing;

/**
 * The majority rule of message passing (pure): with the bank's size stated ({@code node --expected-nodes N}), a
 * node may acknowledge operations and take shards over only while it sees more than half of the N nodes that can
 * own shards, itself included. Two sides of a partition can never both see a majority, so at most one side
 * answers; a minority's owners answer {@code UNAVAILABLE} (retryable). With no size stated (0), there is no rule:
 * a lone survivor goes on from its memory, and so would each side of a split.
 */
final class Majority {
  private Majority() {
  }

  /** Whether {@code seen} live shard-owning nodes (this one included) are a majority of {@code expected}. */
  static boolean holds(int seen, int expected) {
    return expected <= 0 || seen > expected / 2;
  }
}
