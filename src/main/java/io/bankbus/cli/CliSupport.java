package io.bankbus.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.bankbus.messagepassing.ShardSelection;
import io.bankbus.protocol.BankModel;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** What the commands share: flag value converters, waiting for a future from the command's thread, quiet logs. */
final class CliSupport {
  private CliSupport() {
  }

  /** The result of {@code future}, waited for at most {@code seconds} on this (the command's) thread. */
  static <T> T await(Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  /** Hazelcast's member lists would break the status line; its warnings still show. */
  static void quietHazelcast() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger("com.hazelcast").setLevel(Level.WARN);
      context.getLogger("com.hazelcast.internal.cluster.ClusterService").setLevel(Level.WARN);
    }
  }

  /** {@code --models}: a model's wire name. */
  static final class ModelConverter implements CommandLine.ITypeConverter<BankModel> {
    @Override
    public BankModel convert(String value) {
      try {
        return BankModel.ofWire(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code --own-shards}: auto, none, or a list like 0-3,6. */
  static final class ShardSelectionConverter implements CommandLine.ITypeConverter<ShardSelection> {
    @Override
    public ShardSelection convert(String value) {
      try {
        return ShardSelection.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
