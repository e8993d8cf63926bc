package io.bankbus.ledger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The durable half of a ledger shard: its write-ahead log, a clustered map from sequence number to a batch of
 * applied operations, kept by Hazelcast with a synchronous backup on another member (see {@code cluster.xml}).
 * A shard's state is exactly the replay of its log in sequence order, so whichever node owns the shard next
 * rebuilds it by reading the log.
 *
 * <p>Appends are {@code putIfAbsent}: a sequence number is written once, by one owner. That is the fence
 * between owners: an owner that was presumed dead and carries on writing finds its next number taken by the
 * new owner and stops, instead of forking the shard's history.
 */
public final class ShardLog {
  private final Vertx vertx;
  private final Future<AsyncMap<Long, String>> map;
  /** The same map through Hazelcast's API, for an asynchronous put-if-absent; {@code null} when not clustered. */
  private final IMap<Long, String> hazelcastMap;

  /** One batch: the operations one owner applied, in the order it applied them. */
  public record Batch(long seq, String owner, List<Operation> ops) {
    String encode() {
      JsonArray list = new JsonArray();
      ops.forEach(op -> list.add(op.toJson()));
      return new JsonObject().put("owner", owner).put("ops", list).encode();
    }

    static Batch decode(long seq, String stored) {
      JsonObject json = new JsonObject(stored);
      List<Operation> ops = new ArrayList<>();
      for (Object op : json.getJsonArray("ops")) {
        ops.add(Operation.fromJson((JsonObject) op, true));
      }
      return new Batch(seq, json.getString("owner"), ops);
    }
  }

  /**
   * @param hazelcast the cluster's Hazelcast instance, or {@code null} on a local Vert.x
   */
  public ShardLog(Vertx vertx, HazelcastInstance hazelcast, int shard) {
    this.vertx = vertx;
    this.map = vertx.sharedData().getAsyncMap(mapName(shard));
    this.hazelcastMap = hazelcast == null ? null : hazelcast.getMap(mapName(shard));
  }

  public static String mapName(int shard) {
    return "bankbus.ledger.log." + shard;
  }

  /** Every batch, in sequence order. */
  public Future<List<Batch>> load() {
    return map.compose(AsyncMap::entries).map(entries -> {
      List<Batch> batches = new ArrayList<>();
      entries.forEach((seq, stored) -> batches.add(Batch.decode(seq, stored)));
      batches.sort(Comparator.comparingLong(Batch::seq));
      return batches;
    });
  }

  /** Writes {@code batch} at its sequence number; {@code false} if another owner wrote that number first. */
  public Future<Boolean> append(Batch batch) {
    if (hazelcastMap == null) {
      return map.compose(m -> m.putIfAbsent(batch.seq(), batch.encode())).map(previous -> previous == null);
    }
    // Vert.x's clustered putIfAbsent blocks a worker thread per call (Hazelcast's IMap has no asynchronous
    // one); measured, that made the log's writes, and so every answer of the bank, several times slower.
    // An entry processor is atomic on the key's partition and asynchronous.
    return Future.fromCompletionStage(hazelcastMap.submitToKey(batch.seq(), new PutIfAbsent(batch.encode())),
        vertx.getOrCreateContext());
  }

  /** Sets the entry if it has no value; answers whether it did. Runs on the partition owner and its backup. */
  static final class PutIfAbsent implements EntryProcessor<Long, String, Boolean> {
    private static final long serialVersionUID = 1L;
    private final String value;

    PutIfAbsent(String value) {
      this.value = value;
    }

    @Override
    public Boolean process(Map.Entry<Long, String> entry) {
      if (entry.getValue() != null) {
        return false;
      }
      entry.setValue(value);
      return true;
    }
  }
}
