package io.bankbus.cli;

import io.bankbus.bench.EchoVerticle;
import io.bankbus.bench.LockLoopVerticle;
import io.bankbus.node.BankNode;
import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Option;

/**
 * {@code node --bench-echo} (hidden): a node of {@code bankbus bench}, which also serves the raw engine that bench
 * measures the bank against: the echo service (plain, replicated, copied to the next node's follower, which this
 * node also serves) and the lock loop. Mixed into {@link NodeCommand}.
 */
final class BenchNode {
  @Option(names = "--bench-echo", hidden = true,
      description = "Also deploy the benchmark's echo service, copy follower and lock loop (scripts/bench.sh uses them).")
  boolean benchEcho;

  /**
   * Deploys the bench's verticles on {@code node}, if this is a bench node. Returns false, after closing the node,
   * if they did not deploy.
   */
  boolean deployOn(BankNode node, PrintWriter err) throws InterruptedException {
    if (!benchEcho) {
      return true;
    }
    try {
      node.vertx().deployVerticle(new EchoVerticle(node.nodeId()))
          .compose(echo -> node.vertx().deployVerticle(new LockLoopVerticle(node.nodeId())))
          .toCompletionStage().toCompletableFuture().get();
      return true;
    } catch (ExecutionException failed) {
      err.println("bankbus node: could not deploy the echo service: " + failed.getCause());
      node.close().toCompletionStage().toCompletableFuture().join();
      return false;
    }
  }
}
