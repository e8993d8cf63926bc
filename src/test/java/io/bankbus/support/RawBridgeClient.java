package io.bankbus.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * A client of the TCP event-bus bridge speaking the raw framing (4-byte big-endian length, then JSON), as any
 * program outside the cluster would, with nothing from Vert.x's bridge on this side. Used from one event loop.
 */
public final class RawBridgeClient {
  private final NetClient client;
  private final NetSocket socket;
  private final Deque<JsonObject> unread = new ArrayDeque<>();
  private final Promise<Void> closed = Promise.promise();
  private Buffer pending = Buffer.buffer();
  private Predicate<JsonObject> waitingFor;
  private Promise<JsonObject> waiter;
  private int replies;

  private RawBridgeClient(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.handler(this::onData);
    socket.closeHandler(v -> {
      closed.tryComplete();
      if (waiter != null) {
        waiter.tryFail("the bridge closed the connection; frames read: " + unread);
      }
    });
  }

  public static Future<RawBridgeClient> connect(Vertx vertx, int port) {
    NetClient client = vertx.createNetClient();
    return client.connect(port, "127.0.0.1").map(socket -> new RawBridgeClient(client, socket));
  }

  /**
   * Closes the connection and its client. A test closes what it opened before it closes Vert.x: closing a Vert.x
   * that still had such a client connected to a bridge of its own sometimes did not finish within 30 s.
   */
  public Future<Void> close() {
    return socket.close().transform(v -> client.close());
  }

  /** Completes when the bridge closes the connection. */
  public Future<Void> closed() {
    return closed.future();
  }

  public NetSocket socket() {
    return socket;
  }

  public void write(JsonObject frame) {
    socket.write(frame(frame));
  }

  public static Buffer frame(JsonObject frame) {
    Buffer json = frame.toBuffer();
    return Buffer.buffer().appendInt(json.length()).appendBuffer(json);
  }

  /** Sends {@code body} to {@code address} expecting a reply; completes with the reply or the error frame. */
  public Future<JsonObject> request(String address, JsonObject body, long timeoutMs) {
    String replyAddress = "raw-reply-" + (++replies);
    write(new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress)
        .put("body", body).put("headers", new JsonObject().put("timeout", timeoutMs)));
    return next(f -> replyAddress.equals(f.getString("address")) || "err".equals(f.getString("type")));
  }

  /** The next frame (read or yet to come) that {@code wanted} accepts; frames before it are dropped. */
  public Future<JsonObject> next(Predicate<JsonObject> wanted) {
    while (!unread.isEmpty()) {
      JsonObject frame = unread.poll();
      if (wanted.test(frame)) {
        return Future.succeededFuture(frame);
      }
    }
    waitingFor = wanted;
    waiter = Promise.promise();
    return waiter.future();
  }

  private void onData(Buffer data) {
    pending.appendBuffer(data);
    int offset = 0;
    while (pending.length() - offset >= 4 && pending.length() - offset - 4 >= pending.getInt(offset)) {
      int length = pending.getInt(offset);
      JsonObject frame = new JsonObject(pending.getString(offset + 4, offset + 4 + length));
      offset += 4 + length;
      if (waiter != null && waitingFor.test(frame)) {
        Promise<JsonObject> w = waiter;
        waiter = null;
        w.complete(frame);
      } else {
        unread.add(frame);
      }
    }
    pending = pending.getBuffer(offset, pending.length());
  }
}
