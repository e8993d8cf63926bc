package io.bankbus.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;

/**
 * The raw engine for the benchmark, one on every bench node. On {@link #ADDRESS} it replies to every message with
 * its own body, nothing else; on {@link #REPLICATED} it first writes the body to a clustered map (one synchronous
 * backup, as the bank's maps), then replies: the least a request/reply costs when its answer must survive a node.
 * On {@link #COPIED} it first sends the body to the follower of another node (at {@link #follower(String)}, which
 * acks at once) and replies after the ack: the same guarantee bought with one more event-bus hop instead of a
 * Hazelcast write, as a shard owner that copies each batch to a follower would pay it.
 */
public final class EchoVerticle extends VerticleBase {
  public static final String ADDRESS = "bankbus.bench.echo";
  public static final String REPLICATED = "bankbus.bench.echo.replicated";
  public static final String COPIED = "bankbus.bench.echo.copy";
  /** Clustered map of the nodes serving a follower: the copy-echo picks its follower among them. */
  private static final String FOLLOWERS = "bankbus.bench.echo.followers";
  /** Keys are reused, so the map stays small: each write still replaces a value and its backup. */
  private static final int KEYS = 10_000;

  private final String nodeId;
  private long written;
  /** Resolved on the first copy request, when every bench node has registered (bench waits for their ready lines). */
  private Future<String> followerAddress;

  public EchoVerticle(String nodeId) {
    this.nodeId = nodeId;
  }

  /** Where the follower on node {@code nodeId} acks copies. */
  public static String follower(String nodeId) {
    return "bankbus.bench.echo.follower." + nodeId;
  }

  /**
   * The follower a node copies to: the next bench node after it in sorted order, wrapping round, so each node's
   * follower is on another node and the copies are spread evenly.
   */
  static String followerOf(String nodeId, List<String> benchNodes) {
    List<String> others = benchNodes.stream().filter(id -> !id.equals(nodeId)).sorted().toList();
    if (others.isEmpty()) {
      throw new IllegalStateException("no other bench node to copy to");
    }
    return others.stream().filter(id -> id.compareTo(nodeId) > 0).findFirst().orElse(others.get(0));
  }

  @Override
  public Future<?> start() {
    Future<AsyncMap<Long, String>> map = vertx.sharedData().getAsyncMap("bankbus.bench.echo");
    Future<Void> echo = vertx.eventBus().consumer(ADDRESS, message -> message.reply(message.body())).completion();
    Future<Void> replicated = map.compose(m -> vertx.eventBus().<JsonObject>consumer(REPLICATED, message ->
        m.put(written++ % KEYS, message.body().encode())
            .onSuccess(v -> message.reply(message.body()))
            .onFailure(failure -> message.fail(500, "write failed: " + failure.getMessage()))).completion());
    // The ack is empty: what the copy costs is the body going over, not the answer coming back.
    Future<Void> follower = vertx.eventBus().consumer(follower(nodeId), message -> message.reply(null)).completion()
        .compose(v -> vertx.sharedData().<String, Boolean>getAsyncMap(FOLLOWERS))
        .compose(m -> m.put(nodeId, true));
    DeliveryOptions copyOptions = new DeliveryOptions().setSendTimeout(10_000);
    Future<Void> copied = vertx.eventBus().<JsonObject>consumer(COPIED, message -> followerAddress()
        .compose(address -> vertx.eventBus().request(address, message.body(), copyOptions))
        .onSuccess(ack -> message.reply(message.body()))
        .onFailure(failure -> message.fail(500, "copy failed: " + failure.getMessage()))).completion();
    return Future.all(echo, replicated, follower, copied);
  }

  private Future<String> followerAddress() {
    if (followerAddress == null) {
      Future<String> resolving = vertx.sharedData().<String, Boolean>getAsyncMap(FOLLOWERS)
          .compose(AsyncMap::keys)
          .map(nodes -> follower(followerOf(nodeId, List.copyOf(nodes))));
      followerAddress = resolving;
      // Not cached if it failed: the next request tries again.
      resolving.onFailure(failure -> followerAddress = null);
    }
    return followerAddress;
  }
}
