package io.bankbus.messagepassing;

import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.protocol.OperationResult;
import io.bankbus.protocol.WireBody;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary codecs for the ledger's own messages: an operation from cashier to shard owner, the owner's answer, and a
 * batch from owner to follower. JSON on that path was about a fifth of a loaded node's CPU (profiled): each
 * operation was encoded and parsed up to six times. Inside one node a message is handed over as the same
 * immutable object, with no copy. Customers and the audit still speak JSON to every address (an owner takes JSON
 * operations too, and answers them in JSON).
 *
 * <p>Wire format (docs/protocol.md): a body is {@code int length} then {@code length} bytes, which start with a
 * version byte ({@value #VERSION}); integers are big-endian; a string is {@code int byteLength} then UTF-8, and
 * {@code -1} for an absent one. Decoding never throws: bytes that do not decode, or decode to an operation the
 * ledger would refuse, become a {@link WireBody.Malformed} body, which {@link io.bankbus.protocol.InboundGuard}
 * (or the teller, for an answer) refuses.
 */
final class LedgerCodecs {
  static final byte VERSION = 1;
  /** Longest string a codec accepts, in bytes (ids are at most 80 characters). */
  static final int MAX_STRING_BYTES = 256;
  /** Fewest bytes one operation takes on the wire: the version-less minimum, to bound a batch's count by its size. */
  static final int MIN_OPERATION_BYTES = 4 + 4 + 4 + 4 + 8;

  private LedgerCodecs() {
  }

  /** An owner's answer to an operation: the result, and when the operation was first applied (0 for a read). */
  record ShardAnswer(OperationResult result, long appliedAtMs) implements WireBody {
  }

  /** A batch of one shard's operations, from its owner to its follower (epoch and sequence number fence it). */
  record CopyBatch(int shard, long epoch, long seq, long atMs, List<Operation> ops) implements WireBody {
    CopyBatch {
      ops = List.copyOf(ops);
    }
  }

  /**
   * A fill: the owner's whole ledger for a new follower, encoded when the fill was made (so later changes to the
   * owner's ledger are not in it, and the bytes are never changed). {@link LedgerFills} writes and reads it.
   */
  record Fill(int shard, long epoch, long seq, Buffer ledger) implements WireBody {
  }

  /** Registers the codecs as the default for their types on {@code vertx}, once (later calls do nothing). */
  static void registerOn(Vertx vertx) {
    register(vertx, Operation.class, OPERATION);
    register(vertx, ShardAnswer.class, ANSWER);
    register(vertx, CopyBatch.class, BATCH);
    register(vertx, Fill.class, FILL);
  }

  static final MessageCodec<Fill, Object> FILL = new Codec<>("bankbus.ledger.fill") {
    @Override
    void write(Buffer out, Fill f) {
      out.appendInt(f.shard()).appendLong(f.epoch()).appendLong(f.seq()).appendInt(f.ledger().length())
          .appendBuffer(f.ledger());
    }

    @Override
    Object read(Reader in) {
      int shard = in.intValue();
      long epoch = in.longValue();
      long seq = in.longValue();
      int length = in.intValue();
      if (shard < 0 || length < 0 || length > in.left()) {
        throw new IllegalArgumentException("a fill of shard " + shard + " claims " + length + " bytes in "
            + in.left());
      }
      return new Fill(shard, epoch, seq, in.bytes(length));
    }
  };

  static final MessageCodec<Operation, Object> OPERATION = new Codec<>("bankbus.ledger.operation") {
    @Override
    void write(Buffer out, Operation op) {
      writeOperation(out, op);
    }

    @Override
    Object read(Reader in) {
      return readOperation(in);
    }
  };

  static final MessageCodec<ShardAnswer, Object> ANSWER = new Codec<>("bankbus.ledger.answer") {
    @Override
    void write(Buffer out, ShardAnswer a) {
      OperationResult r = a.result();
      writeString(out, r.op());
      writeString(out, r.opId());
      writeString(out, r.account());
      out.appendLong(r.balance());
      writeString(out, r.to());
      out.appendLong(r.toBalance()).appendByte((byte) (r.replayed() ? 1 : 0)).appendLong(a.appliedAtMs());
    }

    @Override
    Object read(Reader in) {
      String op = in.string(false);
      String opId = in.string(true);
      String account = in.string(false);
      long balance = in.longValue();
      String to = in.string(true);
      long toBalance = in.longValue();
      boolean replayed = in.flag();
      return new ShardAnswer(new OperationResult(op, opId, account, balance, to, toBalance, replayed), in.longValue());
    }
  };

  static final MessageCodec<CopyBatch, Object> BATCH = new Codec<>("bankbus.ledger.batch") {
    @Override
    void write(Buffer out, CopyBatch b) {
      out.appendInt(b.shard()).appendLong(b.epoch()).appendLong(b.seq()).appendLong(b.atMs()).appendInt(b.ops().size());
      b.ops().forEach(op -> writeOperation(out, op));
    }

    @Override
    Object read(Reader in) {
      int shard = in.intValue();
      long epoch = in.longValue();
      long seq = in.longValue();
      long atMs = in.longValue();
      int count = in.intValue();
      if (shard < 0 || count < 0 || (long) count * MIN_OPERATION_BYTES > in.left()) {
        throw new IllegalArgumentException("a batch of shard " + shard + " claims " + count + " operations in "
            + in.left() + " bytes");
      }
      List<Operation> ops = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        ops.add(readOperation(in));
      }
      return new CopyBatch(shard, epoch, seq, atMs, ops);
    }
  };

  private static <T> void register(Vertx vertx, Class<T> type, MessageCodec<T, Object> codec) {
    try {
      vertx.eventBus().registerDefaultCodec(type, codec);
    } catch (IllegalStateException registeredBefore) {
      // every verticle of the ledger registers them on its Vert.x: the first one did
    }
  }

  static void writeOperation(Buffer out, Operation op) {
    writeString(out, op.type().wire());
    writeString(out, op.opId());
    writeString(out, op.account());
    writeString(out, op.to());
    out.appendLong(op.amount());
  }

  static Operation readOperation(Reader in) {
    String type = in.string(false);
    String opId = in.string(true);
    String account = in.string(false);
    String to = in.string(true);
    return Operation.fromWire(type, opId, account, to, in.longValue());
  }

  static void writeString(Buffer out, String s) {
    if (s == null) {
      out.appendInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.appendInt(bytes.length).appendBytes(bytes);
  }

  /** Reads within one body's bytes; any read past them, or a length out of bounds, throws (and becomes Malformed). */
  static final class Reader {
    private final Buffer buffer;
    private int pos;
    private final int end;

    Reader(Buffer buffer, int pos, int end) {
      this.buffer = buffer;
      this.pos = pos;
      this.end = end;
    }

    int left() {
      return end - pos;
    }

    private void need(int bytes) {
      if (bytes > left()) {
        throw new IllegalArgumentException("the body ends " + (bytes - left()) + " bytes early");
      }
    }

    int intValue() {
      need(4);
      int v = buffer.getInt(pos);
      pos += 4;
      return v;
    }

    long longValue() {
      need(8);
      long v = buffer.getLong(pos);
      pos += 8;
      return v;
    }

    /** A count of entries that take at least {@code minBytes} each: no more than the bytes left can hold. */
    int count(int minBytes) {
      int count = intValue();
      if (count < 0 || (long) count * minBytes > left()) {
        throw new IllegalArgumentException("a count of " + count + " in " + left() + " bytes");
      }
      return count;
    }

    Buffer bytes(int length) {
      need(length);
      Buffer slice = buffer.getBuffer(pos, pos + length);
      pos += length;
      return slice;
    }

    boolean flag() {
      need(1);
      return buffer.getByte(pos++) != 0;
    }

    String string(boolean optional) {
      int length = intValue();
      if (length == -1 && optional) {
        return null;
      }
      if (length < 0 || length > MAX_STRING_BYTES) {
        throw new IllegalArgumentException("a string of " + length + " bytes (at most " + MAX_STRING_BYTES + ")");
      }
      need(length);
      String s = buffer.getString(pos, pos + length, "UTF-8");
      pos += length;
      return s;
    }
  }

  /**
   * One ledger codec: the length and version around {@link #write}/{@link #read}; a failed read decodes to
   * {@link WireBody.Malformed}. Inside a node the object itself is delivered: every body type is immutable.
   */
  private abstract static class Codec<T> implements MessageCodec<T, Object> {
    private final String name;

    Codec(String name) {
      this.name = name;
    }

    abstract void write(Buffer out, T body);

    abstract Object read(Reader in);

    @Override
    public void encodeToWire(Buffer buffer, T body) {
      int lengthAt = buffer.length();
      buffer.appendInt(0).appendByte(VERSION);
      write(buffer, body);
      buffer.setInt(lengthAt, buffer.length() - lengthAt - 4);
    }

    @Override
    public Object decodeFromWire(int pos, Buffer buffer) {
      try {
        if (buffer.length() - pos < 5) {
          return new WireBody.Malformed(name + ": a body of " + Math.max(0, buffer.length() - pos) + " bytes");
        }
        int length = buffer.getInt(pos);
        if (length < 1 || length > buffer.length() - pos - 4) {
          return new WireBody.Malformed(name + ": a length of " + length + " for " + (buffer.length() - pos - 4)
              + " bytes");
        }
        byte version = buffer.getByte(pos + 4);
        if (version != VERSION) {
          return new WireBody.Malformed(name + ": version " + version + ", this node reads " + VERSION);
        }
        Reader in = new Reader(buffer, pos + 5, pos + 4 + length);
        Object body = read(in);
        if (in.left() != 0) {
          return new WireBody.Malformed(name + ": " + in.left() + " bytes left over");
        }
        return body;
      } catch (BankException | IllegalArgumentException | IndexOutOfBoundsException e) {
        return new WireBody.Malformed(name + ": " + e.getMessage());
      }
    }

    @Override
    public Object transform(T body) {
      return body;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
