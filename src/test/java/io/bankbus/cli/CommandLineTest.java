package io.bankbus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandLineTest {

  private record Run(int code, String out, String err) {
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = BankbusCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "node {0}")
  @ValueSource(strings = {
      "--cashiers=x", "--cashiers=-1", "--cashiers=257", "--shards=0", "--shards=2000", "--own-shards=3-1",
      "--own-shards=banana", "--max-amount=0", "--waiting-room=0", "--visit-idle-timeout=5",
      "--request-timeout=99", "--shutdown-timeout=0", "--port=70000", "--members=127.0.0.1:5701-5703",
      "--members=127.0.0.1:0", "--members=bad host", "--interface=localhost", "--interface=10.0.0.*",
      "--public-address=a:b", "--models=carrier-pigeon", "--models=shared-state,bogus", "--lock-timeout=5", "--cluster-name=has space", "--no-such-flag",
      "--cluster-config=/no/such/file.xml", "--dedup-window=4", "--dedup-window=86401",
      "--tls-dir=/no/such/dir", "--event-loops=-1", "--event-loops=257", "--event-loops=two", "--http-port=70000", "--bridge-port=70000", "--bridge-port=-1", "--bridge-port=tcp"})
  @DisplayName("a bad flag value is one clear line on stderr, exit code 2, and nothing started")
  void badFlags(String arg) {
    Run r = run("node", arg);
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "exactly one line: " + r.err());
    assertTrue(r.err().startsWith("bankbus node: "), r.err());
    assertEquals("", r.out());
  }

  @Test
  @DisplayName("a --bridge-host or --http-host that is not an IPv4 address is one clear line and exit code 2")
  void badHosts() {
    for (String[] args : new String[][] {{"--bridge-port=0", "--bridge-host=localhost"}, {"--http-port=0", "--http-host=::1"}}) {
      Run r = run("node", args[0], args[1]);
      assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
      assertTrue(r.err().startsWith("bankbus node: " + args[1].substring(0, args[1].indexOf('=')) + " must be an IPv4 address"),
          r.err());
      assertEquals("", r.out());
    }
  }

  @Test
  @DisplayName("--help of every command prints usage and exits 0")
  void help() {
    Run top = run("--help");
    assertEquals(0, top.code());
    assertTrue(top.out().contains("node"), top.out());
    Run node = run("node", "--help");
    assertEquals(0, node.code());
    for (String flag : new String[] {"--verbose", "--models", "shared-state", "--lock-timeout", "--cashiers", "--shards", "--own-shards", "--members", "--interface",
        "--public-address", "--cluster-name", "BANKBUS_MEMBERS", "Exit codes", "--bridge-port", "--bridge-host",
        io.bankbus.bridge.BridgeLimits.DEFAULTS.perSecond() + " frames/s (burst " + io.bankbus.bridge.BridgeLimits.DEFAULTS.burst() + ")"}) {
      assertTrue(node.out().contains(flag), "help mentions " + flag);
    }
  }

  @Test
  @DisplayName("every command's description is wrapped once, at the usage width: no line ends where a source line did")
  void descriptionsWrapAtTheWidth() {
    assertArrayEquals(new String[] {"a b", "", "c"}, ExitCodeHelp.paragraphs(new String[] {"a", " b ", "", "c"}));
    for (String command : new String[] {"node", "load", "sweep", "bench", "lock-overlap"}) {
      String help = run(command, "--help").out();
      // The description: after the synopsis (its first line "Usage:", the rest indented), up to the options.
      List<String> lines = help.lines().skip(1).dropWhile(line -> line.startsWith(" "))
          .takeWhile(line -> !line.startsWith(" ")).toList();
      String description = String.join("\n", lines);
      assertTrue(lines.size() > 2, command + " --help: " + help);
      // Wrapped once at 80 columns, each line but a paragraph's last one is nearly full; broken twice, short
      // fragments appeared in the middle of a paragraph (measured before: "shards it can own," alone on a line).
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (!lines.get(i).isBlank() && !lines.get(i + 1).isBlank()) {
          assertTrue(lines.get(i).length() > 60, command + " --help, a short line inside a paragraph: '"
              + lines.get(i) + "' in\n" + description);
        }
      }
    }
  }

  @Test
  @DisplayName("bench --help names the copy-to-a-follower request/reply among the raw baselines")
  void benchHelpDescribesCopyBaseline() {
    Run bench = run("bench", "--help");

    // Help wraps lines where it likes: compare with the whitespace collapsed.
    String help = bench.out().replaceAll("\\s+", " ");
    assertTrue(help.contains("a copy of the request to a follower on another node, answered after its ack"), help);
  }

  /** The codes a help's "Exit codes:" footer lists, as printed. */
  private static List<Integer> listedCodes(String help) {
    List<Integer> codes = new ArrayList<>();
    String footer = help.substring(help.indexOf("Exit codes:"));
    footer.lines().skip(1).map(line -> line.strip().split(" +")[0]).filter(first -> first.matches("\\d+"))
        .forEach(code -> codes.add(Integer.valueOf(code)));
    return codes;
  }

  @ParameterizedTest(name = "bankbus {0} --help lists exit codes {1}")
  @CsvSource(delimiter = ';', value = {
      "'';0 1 2 3 4 5 6 7 8",   // every code any command returns
      "node;0 1 2 3 4",         // 1 from the shutdown hook; 3 join, 4 deploy
      "load;0 2 3 5 6 7",       // no 1 or 4: its nodes are processes, their exits are reported, not returned
      "bench;0 2 5",            // audits of the bank's runs; failures to start are exceptions
      "lock-overlap;0 2 8"})    // overlaps are a finding, not a failure
  @DisplayName("each command's --help lists exactly the exit codes it can return, each with the enum's meaning")
  void exitCodesInHelp(String command, String codes) {
    Run help = command.isEmpty() ? run("--help") : run(command, "--help");
    assertEquals(0, help.code());
    List<Integer> expected = java.util.Arrays.stream(codes.split(" ")).map(Integer::valueOf).toList();
    assertEquals(expected, listedCodes(help.out()), help.out());
    CommandLine cli = BankbusCommand.commandLine();
    CommandLine.Model.CommandSpec spec = (command.isEmpty() ? cli : cli.getSubcommands().get(command)).getCommandSpec();
    Map<String, String> listed = spec.usageMessage().exitCodeList();
    for (ExitCode code : ExitCode.values()) {
      if (code != ExitCode.OK && expected.contains(code.code())) {
        assertEquals(code.meaning(), listed.get(String.valueOf(code.code())), command + " " + code);
      }
    }
  }

  @Test
  @DisplayName("every subcommand declares its exit codes, and the top level lists each of them")
  void everyCommandDeclaresItsCodes() {
    CommandLine cli = BankbusCommand.commandLine();
    List<Integer> top = listedCodes(run("--help").out());
    cli.getSubcommands().forEach((name, sub) -> {
      if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
        ExitCode.Returns declared = sub.getCommand().getClass().getAnnotation(ExitCode.Returns.class);
        assertTrue(declared != null, name + " declares @ExitCode.Returns");
        List<Integer> codes = java.util.Arrays.stream(declared.value()).map(ExitCode::code).sorted().toList();
        assertEquals(codes, listedCodes(run(name, "--help").out()), name);
        assertTrue(top.containsAll(codes), "bankbus --help lists " + name + "'s codes");
      }
    });
  }

  @ParameterizedTest(name = "load {0}")
  @ValueSource(strings = {"--nodes=9", "--cashiers=0", "--customers=0", "--duration=0", "--warmup=-1", "--rate=-5",
      "--accounts=1", "--ops-per-visit=0", "--mix=deposit=x", "--mix=steal=5", "--hot-accounts=0", "--hot-share=2",
      "--heap=lots", "--models=bogus", "--no-such-flag", "--kill-node-after=0", "--kill-node-after=15",
      "--retries=-1", "--retries=101", "--patience=10", "--leave-node-after=-1", "--overload=0", "--overload=101",
      "--heap-every=0.5", "--dedup-window=4", "--dedup-window=45", "--jit-warmup=-1", "--jit-warmup=3601",
      "--rounds=0", "--rounds=21", "--models=message-passing,message-passing", "--rehearse-kill"})
  @DisplayName("a bad load flag is one clear line on stderr, exit code 2, and nothing started")
  void badLoadFlags(String arg) {
    Run r = run("load", arg);
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "exactly one line: " + r.err());
    assertTrue(r.err().startsWith("bankbus load: "), r.err());
  }

  @ParameterizedTest(name = "load {0}")
  @ValueSource(strings = {"--rehearse-kill --kill-node-after=8 --nodes=1",
      "--rehearse-kill --kill-node-after=8 --nodes=8", "--rehearse-kill --kill-node-after=8 --jit-warmup=3",
      "--rehearse-kill --kill-node-after=8 --nodes=0", "--rehearse-kill --leave-node-after=8"})
  @DisplayName("a rehearsal kill without a kill to rehearse, room for its node or a warm-up to hold it is refused")
  void badRehearsal(String args) {
    Run r = run(("load " + args).split(" "));
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "exactly one line: " + r.err());
    assertTrue(r.err().startsWith("bankbus load: "), r.err());
  }

  @ParameterizedTest(name = "sweep {0}")
  @ValueSource(strings = {"--nodes=0", "--nodes=9", "--cashiers-list=0", "--cashiers-list=65", "--cashiers-list=1,1",
      "--contention-cashiers=0", "--contention=bogus", "--contention=uniform,uniform", "--accounts=19",
      "--bank-warmup=-1", "--bank-warmup=601", "--duration=0", "--warmup=-1", "--customers=0", "--heap=lots",
      "--models=bogus", "--models=shared-state,shared-state", "--dedup-window=4", "--retries=101", "--mix=steal=5",
      "--no-such-flag"})
  @DisplayName("a bad sweep flag is one clear line on stderr, exit code 2, and nothing started")
  void badSweepFlags(String arg) {
    Run r = run("sweep", arg);
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "exactly one line: " + r.err());
    assertTrue(r.err().startsWith("bankbus sweep: "), r.err());
  }

  @Test
  @DisplayName("no command is a usage error")
  void noCommand() {
    assertEquals(ExitCode.USAGE.code(), run().code());
  }

  @Test
  @DisplayName("a cluster config Hazelcast cannot parse is a cluster-join failure, exit code 3")
  void unreadableClusterConfig(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("cluster.xml"), "<hazelcast><network>");
    Run r = run("node", "--cluster-config=" + broken, "--cluster-name=never-joins-" + ProcessHandle.current().pid());
    assertEquals(ExitCode.CLUSTER_JOIN_FAILED.code(), r.code(), r.err());
    assertTrue(r.err().contains("could not join the cluster"), r.err());
  }
}
