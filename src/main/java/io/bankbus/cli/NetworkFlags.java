package io.bankbus.cli;

import io.bankbus.customer.PartitionPlan;
import io.bankbus.rules.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * The load's flags for a bank on several hosts ({@code scripts/hosts.sh} sets them): the address this process
 * binds to, and the network partition to make in each model's run. The load does not touch the network itself:
 * it runs the program {@code --network-control} names, {@code PROGRAM cut} and {@code PROGRAM heal}, which knows
 * the hosts (hosts.sh writes one per run). Anything that can cut and join a network can stand in for it.
 */
final class NetworkFlags {
  /** The longest a cut or heal may take. */
  private static final long CONTROL_SECONDS = 30;

  @Option(names = "--interface", paramLabel = "IP", description = "With --nodes 0: the address this process binds"
      + " Hazelcast and the event bus to, one the bank's hosts can reach (scripts/hosts.sh sets it). Default: 127.0.0.1.")
  String bindInterface;

  @Option(names = "--partition-after", paramLabel = "SECONDS", description = "Network partition: this many seconds"
      + " into each model's measured phase, run '--network-control cut' (scripts/hosts.sh: 3 hosts, the last one is"
      + " cut off; 5 hosts, split 2 | 3; the load stays with the majority), and '--network-control heal' --heal-after"
      + " seconds later; then the run waits until the bank is whole again before its audit. The report gets the"
      + " events, every answer customers got while apart, and the time to full service after the heal.")
  Double partitionAfter;

  @Option(names = "--heal-after", paramLabel = "SECONDS", description = "With --partition-after: seconds from the"
      + " cut to the heal. Needs --partition-after + --heal-after < --duration.")
  Double healAfter;

  @Option(names = "--network-control", paramLabel = "PROGRAM", description = "With --partition-after: the program"
      + " run as 'PROGRAM cut' and 'PROGRAM heal' (exit 0 within " + CONTROL_SECONDS + " s; its first line of output"
      + " goes in the report). scripts/hosts.sh writes one per run and passes it.")
  Path networkControl;

  boolean partitioning() {
    return partitionAfter != null;
  }

  /** Refuses a partition that cannot be made ({@code --network-control} alone is allowed: hosts.sh always gives it). */
  void check(int nodes, double duration, long visits, boolean otherFault) {
    if (bindInterface != null) {
      AddressChecks.checkIpv4("--interface", bindInterface);
      Checks.require(nodes == 0, "--interface is for a bank on other hosts (--nodes 0); the nodes load starts"
          + " are on 127.0.0.1");
    }
    if (!partitioning()) {
      Checks.require(healAfter == null, "--heal-after goes with --partition-after");
      return;
    }
    Checks.require(healAfter != null && networkControl != null, "--partition-after needs --heal-after and"
        + " --network-control (scripts/hosts.sh gives both)");
    Checks.require(!otherFault, "--partition-after cannot be combined with --kill-node-after or --leave-node-after");
    Checks.require(nodes == 0, "--partition-after needs a bank on several hosts (--nodes 0, as scripts/hosts.sh runs it)");
    Checks.require(visits <= 0 && partitionAfter > 0 && healAfter > 0 && partitionAfter + healAfter < duration,
        "--partition-after S and --heal-after S2 need a --duration (not --visits) with 0 < S, 0 < S2 and"
            + " S + S2 < --duration; got " + partitionAfter + " + " + healAfter + " with --duration " + duration);
    Checks.require(Files.isExecutable(networkControl), "--network-control: '" + networkControl
        + "' is not an executable file");
  }

  /** The network of {@code bank}, whole when it has {@code expectedNodes} nodes again and no data migrating. */
  PartitionPlan.Network network(LoadBank bank, int expectedNodes) {
    return new PartitionPlan.Network() {
      @Override
      public String cut() throws IOException, InterruptedException {
        return control("cut");
      }

      @Override
      public String heal() throws IOException, InterruptedException {
        return control("heal");
      }

      @Override
      public boolean whole() {
        return bank.nodeCount() >= expectedNodes && bank.clusterSafe();
      }

      @Override
      public Collection<String> nodes() {
        return bank.nodeIds();
      }
    };
  }

  private String control(String verb) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(networkControl.toString(), verb).redirectErrorStream(true).start();
    if (!p.waitFor(CONTROL_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("'" + networkControl + " " + verb + "' did not end within " + CONTROL_SECONDS + " s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.exitValue() != 0) {
      throw new IOException("'" + networkControl + " " + verb + "' exited with " + p.exitValue() + ": " + out);
    }
    return out.lines().findFirst().orElse(verb);
  }
}
