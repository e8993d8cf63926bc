package io.bankbus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.support.TestClusters;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ReadmeExampleIT {
  private static final Path ROOT = Path.of(System.getProperty("bankbus.root", "."));

  @Test
  @DisplayName("README.md shows ReadmeExample verbatim")
  void readmeShowsTheExample() throws Exception {
    String source = Files.readString(ROOT.resolve("src/test/java/io/bankbus/node/ReadmeExample.java"));
    String block = source.substring(source.indexOf("// README-BEGIN\n") + "// README-BEGIN\n".length(),
        source.indexOf("  // README-END"));
    String dedented = block.lines().map(l -> l.startsWith("  ") ? l.substring(2) : l)
        .reduce("", (a, b) -> a + b + "\n");
    assertTrue(Files.readString(ROOT.resolve("README.md")).contains(dedented),
        "README.md must contain, verbatim:\n" + dedented);
  }

  @Test
  @DisplayName("the README example serves its visit on a clustered node of its own")
  void runsTheExample(VertxTestContext ctx) {
    Checkpoint served = ctx.checkpoint();
    int port = TestClusters.freePort();
    ReadmeExample.openAndDeposit(TestClusters.options(TestClusters.uniqueClusterName("readme"), port, List.of(port)))
        .onComplete(ctx.succeeding(balance -> {
          ctx.verify(() -> assertEquals(1_250L, balance));
          served.flag();
        }));
  }
}
