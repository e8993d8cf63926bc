package io.bankbus.node;

import io.bankbus.bridge.BridgeLimits;
import io.bankbus.bridge.TcpBridgeVerticle;
import io.bankbus.status.HttpVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Function;

/**
 * A node's ways in from outside the cluster, each off unless asked for: HTTP (live page, metrics, browser bridge)
 * and the TCP bridge for customers. Opened by {@link BankNode} as part of its deployment.
 */
final class Doors {
  private final NodeOptions options;
  private final PrometheusMeterRegistry prometheus;
  /** Deploys a verticle as part of the node (undeployed with it). */
  private final Function<Deployable, Future<Void>> deploy;
  private HttpVerticle http;
  private TcpBridgeVerticle bridge;

  Doors(NodeOptions options, PrometheusMeterRegistry prometheus, Function<Deployable, Future<Void>> deploy) {
    this.options = options;
    this.prometheus = prometheus;
    this.deploy = deploy;
  }

  Future<Void> openHttp() {
    if (options.http() == null) {
      return Future.succeededFuture();
    }
    HttpVerticle server = new HttpVerticle(options.http(), prometheus);
    return deploy.apply(server).onSuccess(ok -> http = server);
  }

  Future<Void> openBridge() {
    if (options.bridge() == null) {
      return Future.succeededFuture();
    }
    TcpBridgeVerticle server = new TcpBridgeVerticle(options.bridge(), BridgeLimits.DEFAULTS);
    return deploy.apply(server).onSuccess(ok -> bridge = server);
  }

  Optional<String> httpUrl() {
    return http == null ? Optional.empty()
        : Optional.of("http://" + options.http().host() + ":" + http.port() + "/");
  }

  Optional<String> bridgeAddress() {
    return bridge == null ? Optional.empty() : Optional.of(options.bridge().host() + ":" + bridge.port());
  }

  /** For the node's ready line: what is open, and where. */
  String describe() {
    return httpUrl().map(url -> "; live page " + url + ", metrics " + url + "metrics").orElse("")
        + bridgeAddress().map(at -> "; customer bridge " + at + " (" + BridgeLimits.DEFAULTS.describe() + ")")
            .orElse("");
  }
}
