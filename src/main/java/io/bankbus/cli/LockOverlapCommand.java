package io.bankbus.cli;

import io.bankbus.bench.LockOverlap;
import io.bankbus.cluster.ClusterOptions;
import io.bankbus.cluster.Clustering;
import io.bankbus.cluster.FreePorts;
import io.bankbus.cluster.HazelcastConfigs;
import io.bankbus.rules.Checks;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bankbus lock-overlap}: the lock hazard of docs/faults-and-locks.md, reproduced. A one-member clustered
 * Vert.x of its own (127.0.0.1, a cluster name no other process uses) runs {@link LockOverlap}'s loops on one
 * cluster lock and prints what they saw: one JSON line, then one sentence.
 */
@Command(name = "lock-overlap", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Counts how often two holders of one Vert.x cluster lock (Hazelcast) overlap.",
        "",
        "Forms a one-member cluster on 127.0.0.1 under a fresh cluster name (it joins",
        "nothing else) and runs --loops loops, each on its own event loop, that take",
        "the same lock (SharedData.getLockWithTimeout), hold it about 1 ms and release",
        "it, for --seconds. Prints one JSON line {loops, pause_ms, worker_pool,",
        "acquired, overlaps} and one sentence. Overlaps are a finding, not a failure:",
        "the exit code is 0 whatever their count."},
    modelTransformer = ExitCodeHelp.class)
@ExitCode.Returns(success = "measured (overlaps or not)",
    value = {ExitCode.OK, ExitCode.USAGE, ExitCode.LOCK_OVERLAP_FAILED})
public final class LockOverlapCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "How long the loops run, 1-3600. Default: ${DEFAULT-VALUE}.")
  int seconds;

  @Option(names = "--loops", paramLabel = "N", defaultValue = "2", description = "Loops taking the lock at once, 1-64. Default: ${DEFAULT-VALUE}.")
  int loops;

  @Option(names = "--pause-ms", paramLabel = "MS", defaultValue = "0", description = "Pause of a loop after each release, 0-10000 ms. Default: ${DEFAULT-VALUE}.")
  long pauseMs;

  @Option(names = "--worker-pool", paramLabel = "N", defaultValue = "20", description = "Vert.x worker threads (where Hazelcast's lock is awaited), 1-256. Default: ${DEFAULT-VALUE} (Vert.x's default).")
  int workerPool;

  @Override
  public Integer call() throws Exception {
    try {
      Checks.range("--seconds", seconds, 1, 3_600);
      Checks.range("--loops", loops, 1, 64);
      Checks.range("--pause-ms", pauseMs, 0, 10_000);
      Checks.range("--worker-pool", workerPool, 1, 256);
    } catch (IllegalArgumentException bad) {
      throw new CommandLine.ParameterException(spec.commandLine(), bad.getMessage());
    }
    CliSupport.quietHazelcast();
    PrintWriter err = spec.commandLine().getErr();
    ClusterOptions alone;
    Clustering.ClusteredVertx cluster;
    try {
      int port = FreePorts.pick(List.of());
      alone = ClusterOptions.defaults()
          .withClusterName("bankbus-lock-overlap-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString()
              .substring(0, 8))
          .withBindInterface(ClusterOptions.LOOPBACK).withPort(port)
          .withMembers(List.of(ClusterOptions.LOOPBACK + ":" + port));
      cluster = CliSupport.await(Clustering.join(HazelcastConfigs.load(alone), alone.eventBusHost(),
          new VertxOptions().setWorkerPoolSize(workerPool)), 120);
    } catch (Exception failed) {
      err.println("bankbus lock-overlap: could not form a one-member cluster: " + message(failed));
      return ExitCode.LOCK_OVERLAP_FAILED.code();
    }
    LockOverlap.Result result;
    try {
      result = CliSupport.await(LockOverlap.run(cluster.vertx(), loops, seconds, pauseMs, workerPool), seconds + 120L);
    } catch (Exception failed) {
      err.println("bankbus lock-overlap: the loops could not run: " + message(failed));
      return ExitCode.LOCK_OVERLAP_FAILED.code();
    } finally {
      CliSupport.await(cluster.vertx().close(), 60);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(result.toJson().encode());
    out.println(summary(result, seconds));
    out.flush();
    return ExitCode.OK.code();
  }

  static String summary(LockOverlap.Result r, int seconds) {
    String took = String.format(Locale.ROOT, "%d loop%s took one cluster lock %,d times in %d s", r.loops(),
        r.loops() == 1 ? "" : "s", r.acquired(), seconds);
    if (r.overlaps() == 0) {
      return took + " and never while another loop held it (no overlap seen this time).";
    }
    return took + String.format(Locale.ROOT, ", %,d of them (%.1f %%) while another loop still held it: the lock did"
        + " not exclude.", r.overlaps(), 100.0 * r.overlaps() / r.acquired());
  }

  private static String message(Exception failed) {
    Throwable cause = failed instanceof ExecutionException && failed.getCause() != null ? failed.getCause() : failed;
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
