package io.bankbus.node;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a node deployed, in order, so that it can undeploy it in reverse: cashiers before what they call. */
final class Deployments {
  private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

  private final Vertx vertx;
  // Added to from the deploying context and from a model's own (a shard keeper's adoption): synchronized.
  private final List<String> ids = Collections.synchronizedList(new ArrayList<>());

  Deployments(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> deploy(Deployable verticle) {
    return deploy(verticle, new DeploymentOptions());
  }

  Future<Void> deploy(Deployable verticle, DeploymentOptions options) {
    return vertx.deployVerticle(verticle, options).map(id -> {
      ids.add(id);
      return null;
    });
  }

  /** Undeploys everything, last deployed first; a failure is logged and the rest still undeployed. */
  Future<Void> undeployAll() {
    Future<Void> chain = Future.succeededFuture();
    List<String> deployed = List.copyOf(ids);
    for (int i = deployed.size() - 1; i >= 0; i--) {
      String id = deployed.get(i);
      chain = chain.compose(v -> vertx.undeploy(id).recover(failure -> {
        LOG.warn("undeploying {} failed: {}", id, failure.getMessage());
        return Future.succeededFuture();
      }));
    }
    return chain.andThen(v -> ids.clear());
  }
}
