package io.bankbus.messagepassing;

import io.bankbus.audit.LedgerState;
import io.bankbus.cashier.ModelWiring;
import io.bankbus.cashier.NodeSite;
import io.bankbus.cashier.Teller;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankModel;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Message passing on a node: the ledger shards it owns (their owners are the only code that touches their
 * accounts) and one {@link ShardedTeller} that its event-loop cashiers share: they send it nothing but copies.
 */
public final class MessagePassingWiring implements ModelWiring {
  private final ShardOwnership ownership;
  private final boolean ownsShards;
  private int ledgerShards;
  private ShardedTeller teller;

  /**
   * @param selection which shards the node offers to own
   * @param served    whether the node serves this model's customers: an {@code auto} selection owns shards only then
   */
  public MessagePassingWiring(ShardSelection selection, boolean served) {
    this.ownership = new ShardOwnership(selection);
    this.ownsShards = selection.auto() ? served : !selection.shards().isEmpty();
  }

  @Override
  public BankModel model() {
    return BankModel.MESSAGE_PASSING;
  }

  @Override
  public Future<Void> deployStorage(NodeSite node) {
    ledgerShards = node.rules().ledgerShards();
    return ownsShards ? ownership.start(node) : Future.succeededFuture();
  }

  @Override
  public Future<Void> deployTeller(NodeSite node) {
    teller = new ShardedTeller(node.vertx(), new ShardMap(node.rules().ledgerShards()), node.rules().requestTimeoutMs(),
        node.rules().dedupWindowMs());
    return node.clustered() ? node.deploy(new NodeFiguresVerticle(Addresses.transfersFinishing(node.nodeId()),
        node.nodeId(), () -> new JsonObject().put("finishing", teller.finishing()))) : Future.succeededFuture();
  }

  @Override
  public Teller tellerFor(String cashierId) {
    return teller;
  }

  /** On an event loop: a cashier only ever waits for messages. */
  @Override
  public DeploymentOptions cashierDeployment(int cashiers) {
    return new DeploymentOptions();
  }

  /**
   * A snapshot from every ledger shard owner. A shard that is changing hands (no owner for a moment, or an owner
   * that is recovering or stepping aside) is asked again, every {@value #SNAPSHOT_RETRY_MS} ms, until
   * {@code timeoutMs} has passed; an ask that goes unanswered for {@value #SNAPSHOT_ATTEMPT_MS} ms (the owner it
   * reached had just given the shard up) is sent again at once ({@link OwnerRequests}).
   */
  @Override
  public Future<LedgerState> readLedger(Vertx vertx, int shards, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    OwnerRequests requests = new OwnerRequests(vertx);
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      replies.add(snapshot(vertx, requests, shard, deadline));
    }
    return Future.all(replies).map(all -> LedgerState.fromSnapshots(all.list()));
  }

  static final long SNAPSHOT_RETRY_MS = 200;
  /**
   * One snapshot ask's wait: longer than an operation's, since the answer carries the shard's whole dedup window
   * (hundreds of thousands of journal entries after a long run) and waits for any fill of a follower under way.
   */
  static final long SNAPSHOT_ATTEMPT_MS = 5_000;

  private static Future<JsonObject> snapshot(Vertx vertx, OwnerRequests requests, int shard, long deadline) {
    return requests.<JsonObject>request(Addresses.ledgerShard(shard), new JsonObject().put("op", "snapshot"),
        new DeliveryOptions(), SNAPSHOT_ATTEMPT_MS, deadline).map(Message::body).recover(failed -> {
          if (!BankError.of(failed).retryable() || System.currentTimeMillis() + SNAPSHOT_RETRY_MS > deadline) {
            return Future.failedFuture(failed);
          }
          Promise<JsonObject> again = Promise.promise();
          vertx.setTimer(SNAPSHOT_RETRY_MS, t -> snapshot(vertx, requests, shard, deadline).onComplete(again));
          return again.future();
        });
  }

  @Override
  public String describe() {
    List<Integer> owned = ownership.owned();
    return "; ledger shards " + (owned.isEmpty() ? "none" : owned.toString()) + " of " + ledgerShards;
  }

  /** The shards this node owns now (adopted ones included). */
  public List<Integer> ownedShards() {
    return ownership.owned();
  }

  @Override
  public void closing() {
    ownership.closing();
  }

  @Override
  public Future<Void> close() {
    return ownership.stop();
  }
}
