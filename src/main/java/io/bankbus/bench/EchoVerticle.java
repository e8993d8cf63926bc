package io.bankbus.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

/**
 * The raw engine for the benchmark. On {@link #ADDRESS} it replies to every message with its own body, nothing
 * else; on {@link #REPLICATED} it first writes the body to a clustered map (one synchronous backup, as the
 * bank's maps), then replies: the least a request/reply costs when its answer must survive a node.
 */
public final class EchoVerticle extends VerticleBase {
  public static final String ADDRESS = "bankbus.bench.echo";
  public static final String REPLICATED = "bankbus.bench.echo.replicated";
  /** Keys are reused, so the map stays small: each write still replaces a value and its backup. */
  private static final int KEYS = 10_000;

  private long written;

  @Override
  public Future<?> start() {
    Future<AsyncMap<Long, String>> map = vertx.sharedData().getAsyncMap("bankbus.bench.echo");
    Future<Void> echo = vertx.eventBus().consumer(ADDRESS, message -> message.reply(message.body())).completion();
    Future<Void> replicated = map.compose(m -> vertx.eventBus().<JsonObject>consumer(REPLICATED, message ->
        m.put(written++ % KEYS, message.body().encode())
            .onSuccess(v -> message.reply(message.body()))
            .onFailure(failure -> message.fail(500, "write failed: " + failure.getMessage()))).completion());
    return Future.all(echo, replicated);
  }
}
