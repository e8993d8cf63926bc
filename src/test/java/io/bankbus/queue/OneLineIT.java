package io.bankbus.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.client.BankClient;
import io.bankbus.cluster.Clustering;
import io.bankbus.messagepassing.ShardSelection;
import io.bankbus.node.BankNode;
import io.bankbus.node.NodeOptions;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.CalledTicket;
import io.bankbus.rules.BankRules;
import io.bankbus.support.TestClusters;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes, one line: every customer waits at node A's branch (node B's branch opens only once they are all in
 * line there, and A's one cashier is busy), and the cashiers of both branches call them, in the order they came.
 */
@ExtendWith(VertxExtension.class)
class OneLineIT {
  private static final BankModel MODEL = BankModel.MESSAGE_PASSING;
  private static final int WAITING = 12;

  private Clustering.ClusteredVertx a;
  private Clustering.ClusteredVertx b;
  private final List<BankNode> nodes = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void join(VertxTestContext ctx) {
    String name = TestClusters.uniqueClusterName("oneline");
    List<Integer> ports = TestClusters.freePorts(2);
    Future<Clustering.ClusteredVertx> joinA = TestClusters.join(name, ports.get(0), ports);
    Future<Clustering.ClusteredVertx> joinB = TestClusters.join(name, ports.get(1), ports);
    Future.all(joinA, joinB).compose(joined -> {
      a = joinA.result();
      b = joinB.result();
      return TestClusters.awaitClusterSafe(a, 30_000);
    }).onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void close(VertxTestContext ctx) throws Throwable {
    Future<Void> chain = Future.succeededFuture();
    for (BankNode node : List.copyOf(nodes)) {
      chain = chain.eventually(node::close);
    }
    for (Clustering.ClusteredVertx v : new Clustering.ClusteredVertx[] {a, b}) {
      if (v != null) {
        chain = chain.eventually(() -> v.vertx().close());
      }
    }
    chain.onComplete(ctx.succeedingThenComplete());
    ctx.awaitCompletion(60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("customers waiting at one branch are called by both branches' cashiers, in the order they came, each once")
  void bothBranchesServeOneLine(VertxTestContext ctx) {
    Checkpoint takenByIdleBranch = ctx.checkpoint();
    Checkpoint bothBranches = ctx.checkpoint();
    Checkpoint inOrderOnce = ctx.checkpoint();
    NodeOptions options = NodeOptions.defaults().withModels(MODEL).withRules(BankRules.DEFAULTS.withLedgerShards(8));
    List<CalledTicket> calls = Collections.synchronizedList(new ArrayList<>());
    Promise<Void> firstCalled = Promise.promise();
    BankNode.deploy(a.vertx(), a.clusterManager(), options.withCashiers(1).withShards(ShardSelection.parse("0-7")))
        .compose(nodeA -> {
          nodes.add(nodeA);
          BankClient client = new BankClient(a.vertx(), MODEL, 30_000);
          return client.takeTicket("holder").compose(holder -> {
            List<Future<Void>> waiting = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
              waiting.add(client.takeTicket("w" + i).compose(visit -> {
                calls.add(visit.ticket());
                firstCalled.tryComplete();
                return visit.leave().mapEmpty();
              }));
            }
            // A's only cashier serves the holder until someone else has called the first who waits.
            Future<Void> holderLeft = firstCalled.future().compose(v -> holder.leave()).mapEmpty();
            return untilWaiting(nodeA, WAITING)
                .compose(v -> BankNode.deploy(b.vertx(), b.clusterManager(), options.withCashiers(2)
                    .withShards(ShardSelection.NONE)))
                .compose(nodeB -> {
                  nodes.add(nodeB);
                  return Future.all(waiting).compose(v -> holderLeft).map(v -> List.of(nodeA.branchId(), nodeB.branchId()));
                });
          });
        })
        .onComplete(ctx.succeeding(branches -> ctx.verify(() -> {
          String branchA = branches.get(0);
          String branchB = branches.get(1);
          List<CalledTicket> inOrder = new ArrayList<>(calls);
          inOrder.sort(Comparator.comparingLong(CalledTicket::calledSeq));
          assertTrue(inOrder.get(0).cashier().startsWith(Addresses.cashier(MODEL, branchB + ".")),
              "the first in line was called by the branch whose cashiers were free: " + inOrder.get(0).toJson());
          takenByIdleBranch.flag();

          assertTrue(inOrder.stream().allMatch(c -> c.branch().equals(branchA)), "all waited at A: " + inOrder);
          assertTrue(inOrder.stream().anyMatch(c -> c.cashier().startsWith(Addresses.cashier(MODEL, branchA + "."))),
              "A's cashier called some: " + inOrder);
          assertTrue(inOrder.stream().anyMatch(c -> c.cashier().startsWith(Addresses.cashier(MODEL, branchB + "."))),
              "B's cashiers called some: " + inOrder);
          bothBranches.flag();

          List<Long> tickets = inOrder.stream().map(CalledTicket::ticket).toList();
          List<Long> arrived = new ArrayList<>();
          for (long t = 2; t < 2 + WAITING; t++) {
            arrived.add(t);
          }
          assertEquals(arrived, tickets, "called in ticket order (the holder had ticket 1)");
          assertEquals(WAITING, inOrder.stream().map(CalledTicket::visitId).distinct().count(), "each called once");
          inOrderOnce.flag();
        })));
  }

  /** Polls A's branch (node-local status) until {@code n} customers wait there; bounded. */
  private Future<Void> untilWaiting(BankNode node, int n) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    poll(node, n, deadline, done);
    return done.future();
  }

  private void poll(BankNode node, int n, long deadline, Promise<Void> done) {
    node.vertx().eventBus().<JsonObject>request(Addresses.branchStatus(MODEL, node.branchId()), new JsonObject())
        .onFailure(done::fail)
        .onSuccess(status -> {
          if (status.body().getInteger("waiting") >= n) {
            done.complete();
          } else if (System.nanoTime() > deadline) {
            done.fail(new AssertionError("only " + status.body().getInteger("waiting") + " waiting at A after 20 s"));
          } else {
            node.vertx().setTimer(20, t -> poll(node, n, deadline, done));
          }
        });
  }
}
