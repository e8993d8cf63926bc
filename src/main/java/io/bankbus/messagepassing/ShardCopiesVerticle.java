package io.bankbus.messagepassing;

import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.ClusterNames;
import io.bankbus.protocol.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower side of message passing on one node: the copies it holds of the ledger shards it follows, one
 * {@link ShardCopy} each, fed by their owners over the event bus on {@link Addresses#shardCopies}:
 * <ul>
 *   <li>a {@link LedgerCodecs.Fill} {@code (shard, epoch, seq, ledger)}, in the ledger's binary form (or, from a
 *   tool, {@code {"op": "fill", "shard", "epoch", "seq", "ledger": {...}}} in JSON as {@link Ledger#copy} writes
 *   it): the owner's whole ledger, replacing the copy;</li>
 *   <li>a {@link LedgerCodecs.CopyBatch} {@code (shard, epoch, seq, atMs, ops)}, in the ledger's binary form: the
 *   next batch, applied in order.</li>
 * </ul>
 * Each is answered {@code {}} once applied, or {@code fail} with {@link BankError#STALE_EPOCH} (the sender was
 * replaced) or {@link BankError#OUT_OF_SEQUENCE} (fill me first). Its node takes a copy back with
 * {@link #take} to become the shard's owner. One verticle: the copies are touched by its event loop only.
 */
public final class ShardCopiesVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ShardCopiesVerticle.class);

  private final String nodeId;
  private final long windowMs;
  private final Map<Integer, ShardCopy> copies = new HashMap<>();
  private MessageConsumer<Object> consumer;
  private ShardClaims claims;

  public ShardCopiesVerticle(String nodeId, long windowMs) {
    this.nodeId = nodeId;
    this.windowMs = windowMs;
  }

  /** Registers for batches, then lists this node among those that can follow shards. */
  @Override
  public Future<?> start() {
    LedgerCodecs.registerOn(vertx);
    claims = new ShardClaims(vertx, nodeId);
    consumer = vertx.eventBus().consumer(Addresses.shardCopies(nodeId), this::onMessage);
    return consumer.completion()
        .compose(v -> vertx.sharedData().<String, Long>getAsyncMap(ClusterNames.COPY_HOSTS_MAP))
        .compose(hosts -> hosts.put(nodeId, System.currentTimeMillis())
            // A write whose backup did not answer in time (a member still joining) fails: once more.
            .recover(failed -> hosts.put(nodeId, System.currentTimeMillis())));
  }

  @Override
  public Future<?> stop() {
    return unlist().compose(v -> consumer.unregister());
  }

  /** No longer listed among the nodes that can follow shards (this node is leaving); still takes batches. */
  public Future<Void> unlist() {
    return vertx.sharedData().<String, Long>getAsyncMap(ClusterNames.COPY_HOSTS_MAP)
        .compose(hosts -> hosts.remove(nodeId)).<Void>mapEmpty().otherwiseEmpty();
  }

  private void onMessage(Message<Object> message) {
    try {
      if (message.body() instanceof LedgerCodecs.CopyBatch batch) {
        answer(message, batch.shard(), batch.epoch(), batch.seq(),
            () -> copy(batch.shard()).apply(batch.epoch(), batch.seq(), batch.atMs(), batch.ops()));
        return;
      }
      if (message.body() instanceof LedgerCodecs.Fill fill) {
        Ledger ledger = LedgerFills.ledgerOf(fill, windowMs);     // INVALID_MESSAGE if its bytes do not read
        fill(message, fill.shard(), fill.epoch(), fill.seq(), () -> ledger);
        return;
      }
      JsonObject body = JsonFields.body(message.body());
      int shard = (int) JsonFields.integer(body, "shard");
      long epoch = JsonFields.integer(body, "epoch");
      long seq = JsonFields.integer(body, "seq");
      String op = String.valueOf(body.getValue("op"));
      if (op.equals("fill")) {
        JsonObject ledger = JsonFields.object(body, "ledger");
        fill(message, shard, epoch, seq, () -> Ledger.fromCopy(ledger, windowMs));
        return;
      }
      throw BankError.UNKNOWN_OPERATION.exception("a shard copy takes 'fill' in JSON (a batch comes in the ledger's"
          + " binary form), got '" + JsonFields.abbreviate(op) + "'");
    } catch (BankException refused) {
      refused.replyTo(message);
    } catch (RuntimeException bug) {
      LOG.error("copies on node {} failed on {}", nodeId, message.body(), bug);
      BankError.INTERNAL_ERROR.fail(message, "the shard copies of node " + nodeId + " could not process the message");
    }
  }

  /**
   * A fill starts a new copy: only from the owner of the epoch the shard's claim names, so that an owner that was
   * replaced without knowing it (a node frozen past failure detection) finds no new follower.
   */
  private void fill(Message<Object> message, int shard, long epoch, long seq, Supplier<Ledger> ledger) {
    claims.get(shard).onComplete(claim -> {
      if (claim.failed() || claim.result() == null || claim.result().epoch() != epoch) {
        BankError.STALE_EPOCH.fail(message, "ledger shard " + shard + " is claimed at "
            + (claim.succeeded() && claim.result() != null ? "epoch " + claim.result().epoch() : "no epoch")
            + " as node " + nodeId + " sees it; the fill is of epoch " + epoch);
        return;
      }
      // The claim names this epoch: the fill replaces whatever is here, a fence of a later epoch included
      // (left by a takeover that was undone, say on a node that took over while it was cut off).
      answer(message, shard, epoch, seq, () -> {
        ShardCopy fresh = ShardCopy.empty();
        ShardCopy.Verdict verdict = fresh.fill(epoch, seq, ledger.get());
        copies.put(shard, fresh);
        return verdict;
      });
    });
  }

  private ShardCopy copy(int shard) {
    return copies.computeIfAbsent(shard, s -> ShardCopy.empty());
  }

  private void answer(Message<Object> message, int shard, long epoch, long seq, Supplier<ShardCopy.Verdict> applying) {
    try {
      ShardCopy.Verdict verdict = applying.get();
      ShardCopy copy = copy(shard);
      switch (verdict) {
        case APPLIED -> message.reply(new JsonObject());
        case STALE_EPOCH -> BankError.STALE_EPOCH.fail(message, "the copy of ledger shard " + shard + " on node "
            + nodeId + " is at epoch " + copy.epoch() + ", the batch of epoch " + epoch);
        case OUT_OF_SEQUENCE -> BankError.OUT_OF_SEQUENCE.fail(message, "the copy of ledger shard " + shard
            + " on node " + nodeId + " is at epoch " + copy.epoch() + " batch " + copy.seq() + ", got epoch " + epoch
            + " batch " + seq);
      }
    } catch (BankException refused) {
      refused.replyTo(message);
    } catch (RuntimeException bug) {
      LOG.error("copies on node {} failed on {}", nodeId, message.body(), bug);
      BankError.INTERNAL_ERROR.fail(message, "the shard copies of node " + nodeId + " could not process the message");
    }
  }

  /** Gives back a copy {@link #take taken} for an owner that then failed to start: it is the shard's only copy. */
  public Future<Void> putBack(int shard, long epoch, Ledger ledger) {
    return Future.future(done -> context.runOnContext(v -> {
      ShardCopy copy = ShardCopy.empty();     // over any fence: this is the shard's only copy
      copy.fill(epoch, 0, ledger);
      copies.put(shard, copy);
      done.complete();
    }));
  }

  /** Whether this node holds a copy of {@code shard} at {@code epoch}. */
  public Future<Boolean> holds(int shard, long epoch) {
    return Future.future(done -> context.runOnContext(v -> {
      ShardCopy copy = copies.get(shard);
      done.complete(copy != null && copy.holds(epoch));
    }));
  }

  /**
   * Hands over the copy of {@code shard} if it holds {@code epoch}, and forgets it, keeping a fence at the next
   * epoch: its node is about to own the shard at that epoch, and the owner it replaces may not know it yet. Runs
   * on this verticle's event loop; the result completes there.
   */
  public Future<Ledger> take(int shard, long epoch) {
    return Future.future(done -> context.runOnContext(v -> {
      ShardCopy copy = copies.get(shard);
      if (copy == null || !copy.holds(epoch)) {
        done.fail("this node holds no copy of ledger shard " + shard + " at epoch " + epoch
            + (copy == null ? "" : " (it holds epoch " + copy.epoch() + ")"));
        return;
      }
      copies.put(shard, ShardCopy.fenced(epoch + 1));
      done.complete(copy.ledger());
    }));
  }
}
