package io.bankbus.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code -v}: bankbus's own log at DEBUG (every operation a ledger shard applies, with its visit id). */
final class Verbosity {
  @Option(names = {"-v", "--verbose"}, description = "Log bankbus at DEBUG: each applied operation with its visit id.")
  void verbose(boolean on) {
    if (on && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger("io.bankbus").setLevel(Level.DEBUG);
    }
  }
}
