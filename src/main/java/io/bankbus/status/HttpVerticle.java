package io.bankbus.status;

import io.bankbus.node.NodeOptions;
import io.bankbus.protocol.Addresses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The node's HTTP side, off unless asked for ({@code node --http-port}): {@code /} the live page,
 * {@code /metrics} Prometheus text, {@code /eventbus} the browser bridge (SockJS; the page uses its WebSocket
 * transport, {@code /eventbus/<server>/<session>/websocket}). The bridge lets exactly one address out, the read-only
 * {@value Addresses#STATUS}, and nothing in: a browser can watch the bank but cannot send to any of its
 * addresses. The page needs nothing from elsewhere (no CDN): it speaks the bridge's JSON frames, in SockJS's
 * framing, over a plain WebSocket.
 */
public final class HttpVerticle extends VerticleBase {
  private final NodeOptions.HttpEndpoint endpoint;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;

  /** @param registry the node's meters in Prometheus form, or {@code null}: {@code /metrics} is then 404 */
  public HttpVerticle(NodeOptions.HttpEndpoint endpoint, PrometheusMeterRegistry registry) {
    this.endpoint = endpoint;
    this.registry = registry;
  }

  /** The bridge's rules: out, only the status; in, nothing. */
  public static SockJSBridgeOptions bridgeOptions() {
    return new SockJSBridgeOptions().addOutboundPermitted(new PermittedOptions().setAddress(Addresses.STATUS));
  }

  @Override
  public Future<?> start() {
    Buffer page = resource("/web/index.html");
    Router router = Router.router(vertx);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(bridgeOptions()));
    router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(page));
    if (registry != null) {
      router.get("/metrics").handler(ctx -> ctx.response()
          .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
    }
    return vertx.createHttpServer().requestHandler(router).listen(endpoint.port(), endpoint.host())
        .onSuccess(s -> server = s);
  }

  /** The port it listens on (the one picked, if asked for 0). */
  public int port() {
    return server.actualPort();
  }

  private static Buffer resource(String path) {
    try (InputStream in = HttpVerticle.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
