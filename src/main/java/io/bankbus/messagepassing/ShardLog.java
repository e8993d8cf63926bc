package io.bankbus.messagepassing;

import io.bankbus.protocol.ClusterNames;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.bankbus.protocol.Operation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
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
 *
 * <p><b>Compaction.</b> Batches older than the dedup window are folded into a base, the balances after batch
 * {@code seq}, stored under key {@value #BASE_KEY}, and then deleted; the log holds one window of batches, so
 * its size stays bounded under endless load. The base only ever moves forward. A reader racing a compaction
 * can see a gap between the base and the first batch; {@link #load()} reads again until it sees none.
 */
public final class ShardLog {
  private final Vertx vertx;
  private final Future<AsyncMap<Long, String>> map;
  /** The same map through Hazelcast's API, for an asynchronous put-if-absent; {@code null} when not clustered. */
  private final IMap<Long, String> hazelcastMap;
  private final String mapName;

  static final long BASE_KEY = 0;
  private static final int LOAD_ATTEMPTS = 20;
  private static final long LOAD_RETRY_MS = 100;

  /** One batch: the operations one owner applied, in the order it applied them, logged at {@code atMs}. */
  public record Batch(long seq, String owner, long atMs, List<Operation> ops) {
    String encode() {
      JsonArray list = new JsonArray();
      ops.forEach(op -> list.add(op.toJson()));
      return new JsonObject().put("owner", owner).put("at", atMs).put("ops", list).encode();
    }

    static Batch decode(long seq, String stored) {
      JsonObject json = new JsonObject(stored);
      List<Operation> ops = new ArrayList<>();
      for (Object op : json.getJsonArray("ops")) {
        ops.add(Operation.fromJson((JsonObject) op, true));
      }
      return new Batch(seq, json.getString("owner"), json.getLong("at", 0L), ops);
    }
  }

  /** The balances after every batch up to {@code seq}: what compaction leaves of the older batches. */
  public record Base(long seq, Map<String, Long> balances) {
    public static final Base EMPTY = new Base(0, Map.of());

    String encode() {
      JsonObject json = new JsonObject();
      balances.forEach(json::put);
      return new JsonObject().put("seq", seq).put("balances", json).encode();
    }

    static Base decode(String stored) {
      JsonObject json = new JsonObject(stored);
      Map<String, Long> balances = new HashMap<>();
      json.getJsonObject("balances").forEach(e -> balances.put(e.getKey(), ((Number) e.getValue()).longValue()));
      return new Base(json.getLong("seq"), balances);
    }
  }

  /** What a reader finds: the base and the batches after it, contiguous, in sequence order. */
  public record Contents(Base base, List<Batch> batches, List<Long> staleSeqs) {
    /** The highest sequence number written, 0 for an empty log. */
    public long lastSeq() {
      return batches.isEmpty() ? base.seq() : batches.get(batches.size() - 1).seq();
    }
  }

  /**
   * @param hazelcast the cluster's Hazelcast instance, or {@code null} on a local Vert.x
   */
  public ShardLog(Vertx vertx, HazelcastInstance hazelcast, int shard) {
    this.vertx = vertx;
    this.mapName = ClusterNames.shardLogMap(shard);
    this.map = vertx.sharedData().getAsyncMap(mapName);
    this.hazelcastMap = hazelcast == null ? null : hazelcast.getMap(ClusterNames.shardLogMap(shard));
  }

  /** The base and every batch after it, read again (bounded) while a compaction leaves a gap. */
  public Future<Contents> load() {
    return load(1);
  }

  private Future<Contents> load(int attempt) {
    return map.compose(AsyncMap::entries).compose(entries -> {
      Base base = Base.EMPTY;
      List<Batch> batches = new ArrayList<>();
      for (Map.Entry<Long, String> e : entries.entrySet()) {
        if (e.getKey() == BASE_KEY) {
          base = Base.decode(e.getValue());
        } else {
          batches.add(Batch.decode(e.getKey(), e.getValue()));
        }
      }
      long baseSeq = base.seq();
      List<Long> stale = batches.stream().map(Batch::seq).filter(seq -> seq <= baseSeq).toList();
      batches.removeIf(b -> b.seq() <= baseSeq);           // a compaction that stopped before deleting them
      batches.sort(Comparator.comparingLong(Batch::seq));
      for (int i = 0; i < batches.size(); i++) {
        if (batches.get(i).seq() != baseSeq + 1 + i) {
          if (attempt >= LOAD_ATTEMPTS) {
            return Future.failedFuture(new IllegalStateException(mapName + ": batch " + (baseSeq + 1 + i)
                + " is missing after base " + baseSeq + " in " + attempt + " reads"));
          }
          Promise<Contents> again = Promise.promise();
          vertx.setTimer(LOAD_RETRY_MS, t -> load(attempt + 1).onComplete(again));
          return again.future();
        }
      }
      return Future.succeededFuture(new Contents(base, batches, stale));
    });
  }

  /** Stores {@code base} unless a base at least as recent is there already. */
  public Future<Void> writeBase(Base base) {
    if (hazelcastMap == null) {
      return map.compose(m -> m.get(BASE_KEY).compose(stored -> stored != null && Base.decode(stored).seq() >= base.seq()
          ? Future.<Void>succeededFuture() : m.put(BASE_KEY, base.encode())));
    }
    return Future.fromCompletionStage(hazelcastMap.submitToKey(BASE_KEY, new AdvanceBase(base.seq(), base.encode())),
        vertx.getOrCreateContext()).mapEmpty();
  }

  /** Deletes the batches {@code from..to} (inclusive), which a stored base already covers. */
  public Future<Void> delete(long from, long to) {
    Set<Long> keys = new HashSet<>();
    for (long seq = Math.max(1, from); seq <= to; seq++) {
      keys.add(seq);
    }
    return delete(keys);
  }

  /** Deletes the batches {@code keys}, which a stored base already covers. */
  public Future<Void> delete(Set<Long> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    if (hazelcastMap == null) {
      return map.compose(m -> Future.all(keys.stream().map(m::remove).toList())).mapEmpty();
    }
    return Future.fromCompletionStage(hazelcastMap.submitToKeys(keys, new Delete()), vertx.getOrCreateContext())
        .mapEmpty();
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

  /** Replaces the base if the stored one is older. */
  static final class AdvanceBase implements EntryProcessor<Long, String, Boolean> {
    private static final long serialVersionUID = 1L;
    private final long seq;
    private final String value;

    AdvanceBase(long seq, String value) {
      this.seq = seq;
      this.value = value;
    }

    @Override
    public Boolean process(Map.Entry<Long, String> entry) {
      if (entry.getValue() != null && Base.decode(entry.getValue()).seq() >= seq) {
        return false;
      }
      entry.setValue(value);
      return true;
    }
  }

  /** Removes the entry. */
  static final class Delete implements EntryProcessor<Long, String, Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<Long, String> entry) {
      entry.setValue(null);
      return true;
    }
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
