package io.bankbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.cluster.Clustering;
import io.bankbus.client.BankClient;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.support.NodeProcess;
import io.bankbus.support.TestClusters;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two real node processes from the built jar form one bank; a third JVM is their customer. */
class NodeProcessIT {
  private static final String ALL_MODELS = "message-passing,shared-state,unlocked-shared-state";

  @Test
  @DisplayName("two node processes started from the jar run one bank, from their ready lines to exit 0 on SIGTERM")
  void twoProcesses() throws Exception {
    String cluster = TestClusters.uniqueClusterName("process");
    List<Integer> ports = TestClusters.freePorts(4);
    String members = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1);
    try (NodeProcess one = NodeProcess.start("node", "--cluster-name", cluster, "--port", "" + ports.get(0),
            "--members", members, "--own-shards", "0-7", "--cashiers", "2", "--models", ALL_MODELS);
         NodeProcess two = NodeProcess.start("node", "--cluster-name", cluster, "--port", "" + ports.get(1),
             "--members", members, "--own-shards", "8-15", "--cashiers", "2", "--models", ALL_MODELS)) {
      String readyOne = one.awaitReady(90);
      String readyTwo = two.awaitReady(90);
      assertTrue(readyOne.contains("ledger shards [0, 1, 2, 3, 4, 5, 6, 7] of 16"), readyOne);
      assertTrue(readyTwo.contains("ledger shards [8, 9, 10, 11, 12, 13, 14, 15] of 16"), readyTwo);

      Clustering.ClusteredVertx customer = TestClusters.join(cluster, ports.get(2), ports.subList(0, 3))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      try {
        BankClient client = new BankClient(customer.vertx(), BankModel.MESSAGE_PASSING, 10_000);
        String run = Long.toHexString(System.nanoTime());
        List<OperationResult> results = client.takeTicket("p1").compose(visit -> visit
                .execute(Operation.open(run + "-o1", "alice-" + run, 1_000))
                .compose(r -> visit.execute(Operation.open(run + "-o2", "bob-" + run, 0)))
                .compose(r -> visit.leave()))
            .compose(v -> client.takeTicket("p2"))
            .compose(visit -> visit.execute(Operation.transfer(run + "-t1", "alice-" + run, "bob-" + run, 300))
                .compose(t -> visit.execute(Operation.deposit(run + "-d1", "bob-" + run, 50))
                    .compose(d -> visit.execute(Operation.balance("alice-" + run))
                        .compose(a -> visit.execute(Operation.balance("bob-" + run))
                            .map(b -> List.of(t, d, a, b)))))
                .compose(list -> visit.leave().map(list)))
            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(700, results.get(2).balance());
        assertEquals(350, results.get(3).balance());

        BankClient shared = new BankClient(customer.vertx(), BankModel.SHARED_STATE, 10_000);
        OperationResult deposited = shared.takeTicket("p3").compose(visit -> visit
                .execute(Operation.open(run + "-s1", "carol-" + run, 100))
                .compose(r -> visit.execute(Operation.deposit(run + "-s2", "carol-" + run, 20)))
                .compose(r -> visit.leave().map(r)))
            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(120, deposited.balance());
      } finally {
        customer.vertx().close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }

      // The load command against this running bank (--nodes 0), as README suggests after the terminals.
      java.io.StringWriter loadOut = new java.io.StringWriter();
      picocli.CommandLine load = BankbusCommand.commandLine();
      load.setOut(new java.io.PrintWriter(loadOut, true));
      int loadExit = load.execute("load", "--nodes", "0", "--cluster-name", cluster, "--members", members,
          "--models", "message-passing,shared-state", "--duration", "2", "--warmup", "1", "--accounts", "30",
          "--customers", "4", "--output", "target/load-nodes0");
      assertEquals(ExitCode.OK.code(), loadExit, loadOut.toString());
      assertTrue(loadOut.toString().contains("message-passing") && loadOut.toString().contains("passed"),
          loadOut.toString());

      try (NodeProcess intruder = NodeProcess.start("node", "--cluster-name", cluster, "--port", "" + ports.get(3),
          "--members", members, "--own-shards", "0", "--cashiers", "1")) {
        assertEquals(ExitCode.DEPLOYMENT_FAILED.code(), intruder.awaitExit(90), intruder.output());
        assertTrue(intruder.output().contains("already owned by another node"), intruder.output());
      }

      assertEquals(0, two.terminate(60), two.output());
      assertEquals(0, one.terminate(60), one.output());
      for (NodeProcess node : List.of(one, two)) {
        assertFalse(node.output().contains(" ERROR ") || node.output().contains("Exception in thread"), node.output());
        assertTrue(node.output().contains("left the cluster"), node.output());
      }
    }
  }

}
