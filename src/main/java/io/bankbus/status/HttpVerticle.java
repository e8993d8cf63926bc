package io.bankbus.status;

import io.bankbus.cluster.Endpoint;

import io.bankbus.bridge.BridgeLimits;
import io.bankbus.bridge.BridgePolicy;
import io.bankbus.bridge.TokenBucket;
import io.bankbus.protocol.Addresses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP side, off unless asked for ({@code node --http-port}): {@code /} the live page,
 * {@code /metrics} Prometheus text, {@code /eventbus} the browser bridge (SockJS; the page uses its WebSocket
 * transport, {@code /eventbus/<server>/<session>/websocket}). The bridge lets exactly one address out, the read-only
 * {@value Addresses#STATUS}, and in only what a customer sends ({@link Addresses#customerAddressRegexes}, under
 * {@link BridgePolicy}): a visitor can watch the bank and be a customer, and can reach nothing else. Each
 * browser connection has the TCP bridge's limits: frames up to {@link BridgeLimits#maxFrameBytes()}, and past its
 * rate it is closed. The page needs nothing from elsewhere (no CDN): it speaks the bridge's JSON frames, in
 * SockJS's framing, over a plain WebSocket.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  private final Endpoint endpoint;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;
  /** Each browser connection's rate; touched only from this verticle's event loop. */
  private final Map<SockJSSocket, TokenBucket> rates = new HashMap<>();
  private final BridgeLimits limits = BridgeLimits.DEFAULTS;
  /** How long the bridge waits for a reply: a page's ticket asks for less patience than this. */
  public static final long REPLY_TIMEOUT_MS = 60_000;

  /** @param registry the node's meters in Prometheus form, or {@code null}: {@code /metrics} is then 404 */
  public HttpVerticle(Endpoint endpoint, PrometheusMeterRegistry registry) {
    this.endpoint = endpoint;
    this.registry = registry;
  }

  /** The bridge's rules: out, only the status; in, only the customer addresses. */
  public static SockJSBridgeOptions bridgeOptions() {
    SockJSBridgeOptions options = new SockJSBridgeOptions().setReplyTimeout(REPLY_TIMEOUT_MS)
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.STATUS));
    for (String regex : Addresses.customerAddressRegexes()) {
      options.addInboundPermitted(new PermittedOptions().setAddressRegex(regex));
    }
    return options;
  }

  @Override
  public Future<?> start() {
    Buffer page = resource("/web/index.html");
    Router router = Router.router(vertx);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(bridgeOptions(), this::onBridgeEvent));
    router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(page));
    if (registry != null) {
      router.get("/metrics").handler(ctx -> ctx.response()
          .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
    }
    HttpServerOptions options = new HttpServerOptions().setMaxWebSocketFrameSize(limits.maxFrameBytes())
        .setMaxWebSocketMessageSize(limits.maxFrameBytes());
    return vertx.createHttpServer(options).requestHandler(router).listen(endpoint.port(), endpoint.host())
        .onSuccess(s -> server = s);
  }

  /** Rate-limits what a browser sends and applies {@link BridgePolicy}; what goes out is not counted. */
  private void onBridgeEvent(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> rates.put(event.socket(), new TokenBucket(limits.perSecond(), limits.burst(), System.nanoTime()));
      case SOCKET_CLOSED -> rates.remove(event.socket());
      case SEND, PUBLISH, REGISTER, UNREGISTER, SOCKET_PING -> {
        TokenBucket bucket = rates.get(event.socket());
        if (bucket != null && !bucket.tryTake(System.nanoTime())) {
          LOG.info("browser bridge: closing {}: rate_limited", event.socket().remoteAddress());
          event.complete(false);
          event.socket().close();
          return;
        }
        JsonObject raw = event.getRawMessage();
        if (raw != null && (event.type() == BridgeEventType.SEND || event.type() == BridgeEventType.PUBLISH)) {
          JsonObject admitted = BridgePolicy.admit(raw.getString("type"), raw);
          if (admitted == null) {
            event.complete(false);
            return;
          }
          event.setRawMessage(admitted);
        }
      }
      default -> {
      }
    }
    event.complete(true);
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
