package io.bankbus.bench;

import io.bankbus.customer.Workload;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * Runs the raw lock loop on a bank node, where the shared-state cashiers run, so the baseline pays the same
 * cross-member lock hand-offs as the bank. Asked with {@code {"loops", "warmupSeconds", "seconds", "accounts",
 * "hotAccounts", "hotShare", "localLockFirst"}} at {@link #address(String)}, it answers {@code {"operations",
 * "increments"}}: operations counted in the measured window, counter increments made in all.
 */
public final class LockLoopVerticle extends VerticleBase {
  private final String nodeId;

  public LockLoopVerticle(String nodeId) {
    this.nodeId = nodeId;
  }

  public static String address(String nodeId) {
    return "bankbus.bench.lock-loop." + nodeId;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(address(nodeId), message -> {
      JsonObject a = message.body();
      Workload workload = new Workload(a.getInteger("accounts"), 0, 1, Workload.Mix.DEFAULT, a.getDouble("hotAccounts"),
          a.getDouble("hotShare"), 1, nodeId.hashCode());
      double seconds = a.getDouble("seconds");
      RawLoops.lockLoop(vertx, a.getInteger("loops"), workload, a.getDouble("warmupSeconds"), seconds,
              a.getBoolean("localLockFirst", false))
          .onSuccess(message::reply)
          .onFailure(failure -> message.fail(500, "lock loop failed: " + failure.getMessage()));
    }).completion();
  }
}
