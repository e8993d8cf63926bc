package io.bankbus.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts one connection's bytes into the TCP bridge's frames (a 4-byte big-endian length, then that many bytes of
 * UTF-8 JSON) and checks each before the bridge sees it. The bridge's own parser buffers whatever length it is
 * told and only logs a frame it cannot read, so without this a client could make the node hold a 2 GB frame or
 * send garbage forever.
 */
public final class FrameReader {
  /** The frame types of the bridge protocol; the bridge throws on any other. */
  static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");

  private final int maxFrameBytes;
  private Buffer pending = Buffer.buffer();

  /** A frame that breaks the protocol or the limits: the connection must be closed. */
  public static final class BadFrame extends Exception {
    private final String code;

    BadFrame(String code, String detail) {
      super(code + ": " + detail, null, false, false);
      this.code = code;
    }

    /** The message of the error frame sent before closing: {@code frame_too_large} or {@code invalid_frame}. */
    public String code() {
      return code;
    }
  }

  public FrameReader(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Appends {@code data}; returns the frames it completed, in order. */
  public List<JsonObject> feed(Buffer data) throws BadFrame {
    pending.appendBuffer(data);
    List<JsonObject> frames = new ArrayList<>();
    int offset = 0;
    while (pending.length() - offset >= 4) {
      int length = pending.getInt(offset);
      if (length < 2) {
        throw new BadFrame("invalid_frame", "a frame length of " + length);
      }
      if (length > maxFrameBytes) {
        throw new BadFrame("frame_too_large", "a frame of " + length + " bytes (the limit is " + maxFrameBytes + ")");
      }
      if (pending.length() - offset - 4 < length) {
        break;
      }
      frames.add(parse(pending.getString(offset + 4, offset + 4 + length, "UTF-8")));
      offset += 4 + length;
    }
    pending = offset == pending.length() ? Buffer.buffer() : pending.getBuffer(offset, pending.length());
    return frames;
  }

  private static JsonObject parse(String text) throws BadFrame {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new BadFrame("invalid_frame", "not a JSON object");
    }
    Object type = frame.getValue("type");
    if (!(type instanceof String t) || !TYPES.contains(t)) {
      throw new BadFrame("invalid_frame", "unknown frame type");
    }
    if (!"ping".equals(type) && !(frame.getValue("address") instanceof String)) {
      throw new BadFrame("invalid_frame", "a " + type + " frame without an address");
    }
    return frame;
  }

  /** The bytes of {@code frame} on the wire. */
  public static Buffer encode(JsonObject frame) {
    Buffer json = frame.toBuffer();
    return Buffer.buffer(json.length() + 4).appendInt(json.length()).appendBuffer(json);
  }
}
