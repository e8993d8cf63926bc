package io.bankbus.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a script of {@code scripts/} as a user does, from the project root, and hands back what it printed. */
public final class Scripts {
  public static final Path ROOT = Path.of(System.getProperty("bankbus.root", "."));

  private Scripts() {
  }

  /**
   * Runs {@code scripts/<script>} with {@code args}, output to {@code target/<logName>}; fails unless it ends
   * within {@code minutes} with exit code 0. Whatever it left running is killed by PID afterwards.
   */
  public static String run(String script, String logName, long minutes, String... args) throws Exception {
    Path log = Files.createDirectories(ROOT.resolve("target")).resolve(logName);
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts").resolve(script).toString()));
    command.addAll(List.of(args));
    return command(command, log, minutes);
  }

  /**
   * Runs {@code command} from the project root, output to {@code log}; fails unless it ends within
   * {@code minutes} with exit code 0. Whatever it left running is killed by PID afterwards.
   */
  public static String command(List<String> command, Path log, long minutes) throws Exception {
    Ended ended = ended(command, log, minutes);
    assertEquals(0, ended.exitCode(), ended.output());
    return ended.output();
  }

  /** How a script ended: its exit code and everything it printed. */
  public record Ended(int exitCode, String output) {
  }

  /** Runs {@code scripts/<script>} as {@link #run} does, whatever its exit code, which it hands back. */
  public static Ended ended(String script, String logName, long minutes, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts").resolve(script).toString()));
    command.addAll(List.of(args));
    return ended(command, Files.createDirectories(ROOT.resolve("target")).resolve(logName), minutes);
  }

  private static Ended ended(List<String> command, Path log, long minutes) throws Exception {
    Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      assertTrue(process.waitFor(minutes, TimeUnit.MINUTES), command + " did not finish in " + minutes + " minutes");
    } finally {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.toHandle().destroyForcibly();
    }
    return new Ended(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
