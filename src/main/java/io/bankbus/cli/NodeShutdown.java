package io.bankbus.cli;

import io.bankbus.node.BankNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node process ends. Vert.x 5 installs no shutdown hook and vertx-hazelcast turns Hazelcast's off, so
 * without one a SIGTERM would drop the node out of the cluster uncleanly.
 */
final class NodeShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(NodeShutdown.class);

  private NodeShutdown() {
  }

  /**
   * On SIGTERM or Ctrl-C: undeploy, leave, and halt with 0 (a plain return from a hook would exit 143 after
   * SIGTERM), or with 1 if that did not finish within {@code timeoutSeconds}.
   */
  static void onExit(BankNode node, int timeoutSeconds) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Shutting down: undeploying and leaving the cluster");
      int code = ExitCode.OK.code();
      try {
        node.close().toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
        LOG.info("Node {} left the cluster", node.nodeId());
      } catch (TimeoutException | ExecutionException | InterruptedException e) {
        LOG.error("Shutdown did not complete cleanly: {}", e.toString());
        code = ExitCode.SHUTDOWN_FAILED.code();
      }
      Logging.stop();
      Runtime.getRuntime().halt(code);
    }, "bankbus-shutdown"));
  }

  /** When process {@code pid} ends, exit (through the shutdown hook); polled by the JDK, as it is not our child. */
  static void withProcess(long pid) {
    ProcessHandle.of(pid).map(ProcessHandle::onExit).orElse(CompletableFuture.completedFuture(null))
        .thenRun(() -> {
          LOG.info("Process {} ended; stopping with it", pid);
          System.exit(ExitCode.OK.code());
        });
  }
}
