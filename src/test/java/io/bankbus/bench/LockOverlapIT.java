package io.bankbus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.cli.BankbusCommand;
import io.bankbus.cli.ExitCode;
import io.bankbus.support.Scripts;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code scripts/lock-overlap.sh}, the project's own reproducer of the lock hazard, briefly. Overlaps are a hazard
 * that may or may not show in 2 s, so their count is only required to be there, not to be anything in particular.
 */
class LockOverlapIT {

  @Test
  @DisplayName("lock-overlap.sh, 2 s with 2 loops, prints one JSON line: locks were taken, and overlaps were counted")
  void twoSecondsTwoLoops() throws Exception {
    String output = Scripts.run("lock-overlap.sh", "lock-overlap-it.out", 3, "--seconds", "2", "--loops", "2");
    JsonObject result = new JsonObject(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no JSON line: " + output)));
    assertEquals(2, result.getInteger("loops"), result.encode());
    assertTrue(result.getLong("acquired") > 0, "the loops took the lock: " + output);
    assertTrue(result.getLong("overlaps") >= 0, "overlaps counted: " + output);
  }

  @ParameterizedTest(name = "lock-overlap {0}")
  @ValueSource(strings = {"--loops=0", "--loops=65", "--seconds=0", "--seconds=3601", "--seconds=x", "--pause-ms=-1",
      "--pause-ms=10001", "--worker-pool=0", "--worker-pool=257", "--no-such-flag"})
  @DisplayName("a bad lock-overlap flag is one clear line on stderr naming it, exit code 2, and nothing run")
  void badFlags(String arg) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = BankbusCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("lock-overlap", arg);
    assertEquals(ExitCode.USAGE.code(), code, err.toString());
    assertEquals(1, err.toString().strip().lines().count(), "exactly one line: " + err);
    assertTrue(err.toString().startsWith("bankbus lock-overlap: ") && err.toString().contains(arg.split("=")[0]),
        err.toString());
    assertEquals("", out.toString());
  }
}
