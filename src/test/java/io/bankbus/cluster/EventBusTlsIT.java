package io.bankbus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.client.BankClient;
import io.bankbus.node.BankNode;
import io.bankbus.node.NodeOptions;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.support.Scripts;
import io.bankbus.support.TestClusters;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event bus with TLS and client authentication: a process with a certificate of the bank's authority is
 * served; one with a certificate of another authority, or none, joins Hazelcast (which TLS on the event bus does
 * not cover) but cannot get a single operation served, and the bank's state does not change.
 */
@ExtendWith(VertxExtension.class)
class EventBusTlsIT {
  private static final Path BANK_CERTS = Scripts.ROOT.resolve("target/tls-it/bank");
  private static final Path OTHER_CERTS = Scripts.ROOT.resolve("target/tls-it/other");
  private final List<Clustering.ClusteredVertx> nodes = new ArrayList<>();
  private String cluster;
  private List<Integer> ports;

  @BeforeAll
  static void certificates() throws Exception {
    for (Path dir : List.of(BANK_CERTS, OTHER_CERTS)) {
      if (Files.exists(dir)) {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Scripts.command(List.of(Scripts.ROOT.resolve("scripts/gen-certs.sh").toString(), dir.toString(), "node-1",
          "load"), Scripts.ROOT.resolve("target/gen-certs-it.out"), 2);
    }
  }

  @AfterEach
  void close(VertxTestContext ctx) {
    Future.join(nodes.stream().map(n -> n.vertx().close()).toList()).onComplete(ctx.succeedingThenComplete());
  }

  /** Joins the test cluster as member {@code i}, with the given TLS identity or none. */
  private Future<Clustering.ClusteredVertx> join(int i, EventBusTls tls) {
    VertxOptions options = new VertxOptions();
    if (tls != null) {
      tls.apply(options.getEventBusOptions());
    }
    return TestClusters.join(cluster, ports.get(i), ports, options).onSuccess(nodes::add);
  }

  private static EventBusTls identity(Path dir, String name) {
    return EventBusTls.load(dir, name, Map.of());
  }

  @Test
  @DisplayName("only a member with a certificate of the cluster's authority is served")
  void strangersAreNotServed(VertxTestContext ctx) throws Throwable {
    cluster = TestClusters.uniqueClusterName("tls");
    ports = TestClusters.freePorts(4);
    Checkpoint served = ctx.checkpoint();
    Checkpoint otherAuthorityRefused = ctx.checkpoint();
    Checkpoint clearTextRefused = ctx.checkpoint();
    Checkpoint unchanged = ctx.checkpoint();
    join(0, identity(BANK_CERTS, "node-1"))
        .compose(bank -> BankNode.deploy(bank.vertx(), bank.clusterManager(), NodeOptions.defaults().withCashiers(2)))
        .compose(bank -> join(1, identity(BANK_CERTS, "load")))
        .compose(customer -> {
          BankClient client = new BankClient(customer.vertx(), BankModel.MESSAGE_PASSING, 5_000);
          return client.takeTicket("good", 5_000, Operation.open("tls-o", "tls-acc", 100))
              .compose(visit -> visit.first().compose(r -> visit.executeAndLeave(Operation.deposit("tls-d", "tls-acc", 5))))
              .map(last -> {
                ctx.verify(() -> assertEquals(105, last.result().balance()));
                served.flag();
                return client;
              });
        })
        .compose(client -> join(2, identity(OTHER_CERTS, "load"))
            .compose(stranger -> refused(new BankClient(stranger.vertx(), BankModel.MESSAGE_PASSING, 3_000)))
            .compose(v -> {
              otherAuthorityRefused.flag();
              return join(3, null);
            })
            .compose(clear -> refused(new BankClient(clear.vertx(), BankModel.MESSAGE_PASSING, 3_000)))
            .compose(v -> {
              clearTextRefused.flag();
              return client.takeTicket("good-again", 5_000, Operation.balance("tls-acc"))
                  .compose(visit -> visit.first().compose(b -> visit.leave().map(b)));
            }))
        .onComplete(ctx.succeeding(balance -> {
          ctx.verify(() -> assertEquals(105, balance.balance(), "the strangers' deposits changed nothing"));
          unchanged.flag();
        }));
    assertTrue(ctx.awaitCompletion(180, TimeUnit.SECONDS));
    if (ctx.failed()) {
      throw ctx.causeOfFailure();
    }
  }

  /** A deposit attempt that must fail (refused connection or timeout), never succeed. */
  private static Future<Void> refused(BankClient stranger) {
    return stranger.takeTicket("stranger", 3_000, Operation.deposit("evil-d", "tls-acc", 1_000_000))
        .compose(visit -> visit.first())
        .transform(done -> done.succeeded()
            ? Future.failedFuture("a stranger was served: " + done.result())
            : Future.succeededFuture());
  }
}
