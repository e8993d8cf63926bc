package io.bankbus.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  private static final JsonObject PING = new JsonObject().put("type", "ping");
  private static final JsonObject SEND = new JsonObject().put("type", "send").put("address", "a").put("body", "é");

  @Test
  @DisplayName("frames split anywhere and run together come out whole, in order")
  void splitAndJoined() throws Exception {
    Buffer wire = FrameReader.encode(SEND).appendBuffer(FrameReader.encode(PING)).appendBuffer(FrameReader.encode(SEND));
    for (int cut = 1; cut < wire.length(); cut++) {
      FrameReader reader = new FrameReader(1024);
      List<JsonObject> frames = new ArrayList<>(reader.feed(wire.getBuffer(0, cut)));
      frames.addAll(reader.feed(wire.getBuffer(cut, wire.length())));
      assertEquals(List.of(SEND, PING, SEND), frames, "cut at " + cut);
    }
  }

  @Test
  @DisplayName("a length over the limit is refused from its 4 bytes alone, before any payload")
  void tooLarge() {
    FrameReader reader = new FrameReader(1024);
    FrameReader.BadFrame bad = assertThrows(FrameReader.BadFrame.class, () -> reader.feed(Buffer.buffer().appendInt(1025)));
    assertEquals("frame_too_large", bad.code());
    assertEquals("frame_too_large", assertThrows(FrameReader.BadFrame.class,
        () -> new FrameReader(1024).feed(Buffer.buffer().appendInt(Integer.MAX_VALUE))).code());
  }

  @Test
  @DisplayName("garbage, a negative length, an unknown type or a missing address is an invalid frame")
  void garbage() {
    for (Buffer wire : List.of(frame("not json"), frame("[1,2]"), frame("{\"type\":\"shout\",\"address\":\"a\"}"),
        frame("{\"type\":\"send\"}"), frame("{\"address\":\"a\"}"), Buffer.buffer().appendInt(-5),
        Buffer.buffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))) {
      FrameReader.BadFrame bad = assertThrows(FrameReader.BadFrame.class, () -> new FrameReader(1 << 30).feed(wire),
          wire.toString());
      assertTrue(List.of("invalid_frame", "frame_too_large").contains(bad.code()), bad.getMessage());
    }
    assertEquals("invalid_frame", assertThrows(FrameReader.BadFrame.class,
        () -> new FrameReader(1024).feed(frame("not json"))).code());
  }

  private static Buffer frame(String text) {
    Buffer payload = Buffer.buffer(text);
    return Buffer.buffer().appendInt(payload.length()).appendBuffer(payload);
  }
}
