package io.bankbus.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Flushes and stops Logback, for exits that bypass the normal JVM shutdown (a halt in the shutdown hook). */
final class Logging {
  private Logging() {
  }

  static void stop() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
