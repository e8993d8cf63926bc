package io.bankbus.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The raw engine for the benchmark: replies to every message with its own body, nothing else. */
public final class EchoVerticle extends VerticleBase {
  public static final String ADDRESS = "bankbus.bench.echo";

  @Override
  public Future<?> start() {
    return vertx.eventBus().consumer(ADDRESS, message -> message.reply(message.body())).completion();
  }
}
