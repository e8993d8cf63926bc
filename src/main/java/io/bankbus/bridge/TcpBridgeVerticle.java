package io.bankbus.bridge;

import io.bankbus.cluster.Endpoint;

import io.bankbus.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's TCP event-bus bridge ({@code node --bridge-port}) for customers that are neither JVMs nor cluster
 * members: 4-byte big-endian length, then a JSON frame. Inbound, exactly the customer addresses
 * ({@link Addresses#customerAddressRegexes}); outbound, nothing (replies to a customer's own requests still come
 * back). A denied frame gets the bridge's {@code {"type": "err", "message": "access_denied"}}.
 *
 * <p>The bridge cannot bound what it buffers nor drop a client that sends garbage (it logs the frame and reads on),
 * so it listens on a loopback port of its own and customers reach it through a front that reads their frames
 * first ({@link FrameReader}) and holds each connection to {@link BridgeLimits}: an oversized or unreadable frame,
 * or too many frames a second, and that connection gets one error frame ({@code frame_too_large},
 * {@code invalid_frame}, {@code rate_limited}) and is closed. Each client has its own bridge connection, so one
 * that floods or stops reading holds up no other. The front marks every frame it passes on with a token of this
 * verticle's ({@value #FRONT_HEADER} header), and the bridge refuses frames without it: a local process that
 * finds the inner port cannot go around the limits.
 */
public final class TcpBridgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);

  /**
   * A connection silent both ways for this long is closed: a customer in the queue hears back within its patience
   * plus the bridge's reply timeout ({@link BridgePolicy#MAX_TIMEOUT_MS}), so only a client that sends half a
   * frame and nothing else, or nothing at all, is cut off.
   */
  static final long IDLE_TIMEOUT_MS = BridgePolicy.MAX_TIMEOUT_MS + 10_000;

  /** How long a refused client has to read its error frame before the connection is closed. */
  static final long CLOSE_GRACE_MS = 500;

  /** The header the front puts on every frame it passes on: frames without it did not come through the front. */
  static final String FRONT_HEADER = "bankbus-front";

  private final Endpoint endpoint;
  private final BridgeLimits limits;
  /** Known to this verticle only: proves to the bridge that a frame was checked by the front. */
  private final String frontToken = UUID.randomUUID().toString();
  private TcpEventBusBridge bridge;
  private NetServer front;
  private NetClient toBridge;
  private int bridgePort;
  private int open;

  public TcpBridgeVerticle(Endpoint endpoint, BridgeLimits limits) {
    this.endpoint = endpoint;
    this.limits = limits;
  }

  /** The bridge's permitted lists: in, the customer addresses; out, none. */
  public static BridgeOptions bridgeOptions() {
    BridgeOptions options = new BridgeOptions();
    for (String regex : Addresses.customerAddressRegexes()) {
      options.addInboundPermitted(new PermittedOptions().setAddressRegex(regex));
    }
    return options;
  }

  @Override
  public Future<?> start() {
    bridge = TcpEventBusBridge.create(vertx, bridgeOptions(), new NetServerOptions(), this::onBridgeEvent);
    toBridge = vertx.createNetClient();
    return listenOnFreePort(5)
        .compose(listening -> vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setIdleTimeout((int) IDLE_TIMEOUT_MS))
            .connectHandler(this::onCustomer).listen(endpoint.port(), endpoint.host()))
        .onSuccess(server -> front = server);
  }

  @Override
  public Future<?> stop() {
    return Future.join(front == null ? Future.succeededFuture() : front.close(), bridge.close(), toBridge.close());
  }

  /**
   * The bridge does not tell which port it got when asked for 0, so a free loopback port is found first and then
   * taken; another process may take it in between, hence a few tries. The probe is a plain socket, closed (on a
   * worker) before the bridge binds. With a probe made by Vert.x, the node's deployment failed once in 25 runs of
   * TcpBridgeIT with "Address already in use", likely because its close completes before the port is released.
   */
  private Future<Void> listenOnFreePort(int tries) {
    return vertx.executeBlocking(() -> {
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      }
    }).compose(port -> bridge.listen(port, "127.0.0.1").map(listening -> {
          bridgePort = port;
          return (Void) null;
        }))
        .recover(failed -> {
          LOG.debug("bridge: its inner port was taken ({}), {} tries left", failed.getMessage(), tries - 1);
          return tries <= 1 ? Future.failedFuture(failed) : listenOnFreePort(tries - 1);
        });
  }

  /** The port customers connect to (the one picked, if asked for 0). */
  public int port() {
    return front.actualPort();
  }

  /** Applies {@link BridgePolicy}; the bridge answers a refusal with its own error frame. */
  private void onBridgeEvent(BridgeEvent event) {
    if (event.getRawMessage() == null) {
      event.complete(true);
      return;
    }
    String type = event.getRawMessage().getString("type");
    JsonObject headers = event.getRawMessage().getJsonObject("headers");
    if (headers == null || !frontToken.equals(headers.remove(FRONT_HEADER))) {
      // Straight to the bridge's own port, around the front and its limits.
      LOG.debug("bridge refused a {} that did not come through the front", type);
      event.complete(false);
      return;
    }
    JsonObject admitted = BridgePolicy.admit(type, event.getRawMessage());
    if (admitted == null) {
      LOG.debug("bridge refused a {} to {}", type, event.getRawMessage().getString("address"));
      event.complete(false);
      return;
    }
    event.setRawMessage(admitted);
    event.complete(true);
  }

  private void onCustomer(NetSocket customer) {
    if (open >= limits.maxConnections()) {
      LOG.warn("bridge: refusing {}, {} connections already open", customer.remoteAddress(), open);
      refuse(customer, "too_many_connections");
      return;
    }
    open++;
    customer.pause();
    Future<NetSocket> upstream = toBridge.connect(bridgePort, "127.0.0.1");
    customer.closeHandler(v -> {
      open--;
      upstream.onSuccess(NetSocket::close);
    });
    upstream.onComplete(connected -> {
      if (connected.failed()) {
        LOG.warn("bridge: could not reach the bridge for {}: {}", customer.remoteAddress(), connected.cause().toString());
        customer.close();
        return;
      }
      relay(customer, connected.result());
    });
  }

  /** Frames from the customer are checked and passed on; the bridge's answers go back as they are. */
  private void relay(NetSocket customer, NetSocket upstream) {
    FrameReader reader = new FrameReader(limits.maxFrameBytes());
    TokenBucket bucket = new TokenBucket(limits.perSecond(), limits.burst(), System.nanoTime());
    upstream.pipeTo(customer);
    customer.handler(data -> {
      try {
        for (JsonObject frame : reader.feed(data)) {
          if (!bucket.tryTake(System.nanoTime())) {
            refuse(customer, "rate_limited");
            return;
          }
          upstream.write(FrameReader.encode(throughTheFront(frame)));
        }
      } catch (FrameReader.BadFrame bad) {
        refuse(customer, bad.code());
      }
    });
    customer.resume();
  }

  /** The frame with the front's token among its headers (a customer's own header of that name is replaced). */
  private JsonObject throughTheFront(JsonObject frame) {
    JsonObject headers = frame.getValue("headers") instanceof JsonObject h ? h.copy() : new JsonObject();
    return frame.copy().put("headers", headers.put(FRONT_HEADER, frontToken));
  }

  /** The bridge's own loopback port, behind the front: for tests that try to go around the front. */
  int innerPort() {
    return bridgePort;
  }

  /**
   * One error frame, then the connection is closed a moment later. Closing at once, with the client's flood still
   * unread, makes the kernel reset the connection, and the client loses the error frame (seen in the test); until
   * the close, whatever it sends is read and dropped.
   */
  private void refuse(NetSocket customer, String code) {
    LOG.info("bridge: closing {}: {}", customer.remoteAddress(), code);
    customer.handler(ignored -> { });
    customer.write(FrameReader.encode(error(code)));
    vertx.setTimer(CLOSE_GRACE_MS, t -> customer.close());
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("type", "err").put("message", message);
  }
}
