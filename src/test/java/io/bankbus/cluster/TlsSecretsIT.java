package io.bankbus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.support.NodeProcess;
import io.bankbus.support.Scripts;
import io.bankbus.support.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The keystore password of a running TLS node is in neither its output, its log, nor any command line on the machine. */
class TlsSecretsIT {
  @Test
  @DisplayName("a node with --tls-dir never shows its keystore password: not in ps, not in its output, even with -v")
  void passwordNeverShown() throws Exception {
    Path certs = Scripts.ROOT.resolve("target/tls-secrets-it");
    if (!Files.exists(certs.resolve("truststore.p12"))) {
      Scripts.command(List.of(Scripts.ROOT.resolve("scripts/gen-certs.sh").toString(), certs.toString(), "node-1"),
          Scripts.ROOT.resolve("target/tls-secrets-gen.out"), 2);
    }
    String password = Files.readString(certs.resolve("password")).strip();
    assertTrue(password.length() >= 20, "gen-certs.sh makes a long random password");
    int port = TestClusters.freePort();
    try (NodeProcess node = NodeProcess.start("node", "-v", "--cluster-name", TestClusters.uniqueClusterName("tls-secrets"),
        "--interface", "127.0.0.1", "--port", "" + port, "--members", "127.0.0.1:" + port, "--cashiers", "1",
        "--tls-dir", certs.toString(), "--tls-name", "node-1")) {
      String ready = node.awaitReady(90);
      assertTrue(node.output().contains("with TLS"), node.output());
      Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
      String commandLines = new String(ps.getInputStream().readAllBytes());
      assertEquals(0, ps.waitFor());
      assertTrue(commandLines.contains("--tls-dir"), "the node's command line is in the listing");
      assertFalse(commandLines.contains(password), "the password is on a command line");
      assertFalse(node.output().contains(password), "the password is in the node's output");
      assertFalse(ready.contains(password));
      assertEquals(0, node.terminate(60));
      assertFalse(node.output().contains(password), "the password is in the node's output after shutdown");
    }
  }
}
