package io.bankbus.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@code java -jar target/bankbus.jar ...} process started by a test. Stopped by its PID (SIGTERM through
 * {@link Process#destroy()}); {@link #close()} kills it if it is still alive so no test leaves one behind.
 */
public final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final StringBuffer output = new StringBuffer();
  private final Thread reader;
  private final java.util.List<java.util.Map.Entry<String, CompletableFuture<String>>> watched =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private NodeProcess(Process process) {
    this.process = process;
    reader = new Thread(this::readStdout, "stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  public static NodeProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-jar", jar()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new NodeProcess(p);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static String jar() {
    String jar = System.getProperty("bankbus.jar");
    if (jar == null || !Path.of(jar).toFile().isFile()) {
      throw new IllegalStateException("target/bankbus.jar is missing: run through 'mvn verify' (bankbus.jar=" + jar + ")");
    }
    return jar;
  }

  private void readStdout() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        output.append(line).append('\n');
        for (java.util.Map.Entry<String, CompletableFuture<String>> w : watched) {
          if (line.contains(w.getKey())) {
            w.getValue().complete(line);
          }
        }
        if (line.startsWith("bankbus node ") && line.contains(" ready: ")) {
          ready.complete(line);
        }
      }
    } catch (IOException ignored) {
      // the process ended; output holds what it printed
    } finally {
      ready.completeExceptionally(new IllegalStateException("node exited before it was ready:\n" + output));
    }
  }

  /** Completes with the first line printed from now on that contains {@code text}. */
  public CompletableFuture<String> line(String text) {
    CompletableFuture<String> seen = new CompletableFuture<>();
    watched.add(java.util.Map.entry(text, seen));
    return seen;
  }

  /** The ready line, waiting at most {@code seconds}. */
  public String awaitReady(long seconds) throws Exception {
    return ready.get(seconds, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit code, waiting at most {@code seconds}. */
  public int terminate(long seconds) throws InterruptedException {
    // The handle only signals the PID; Process.destroy() would also close our end of its output pipe.
    process.toHandle().destroy();
    return awaitExit(seconds);
  }

  public int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " still running after " + seconds + " s:\n" + output);
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  public String output() {
    return output.toString();
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
