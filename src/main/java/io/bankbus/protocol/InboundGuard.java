package io.bankbus.protocol;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * An inbound event-bus interceptor a node installs in front of every bank address ({@code bankbus.*}): a body
 * that is not a JSON object is refused with {@link BankError#INVALID_MESSAGE}, one larger than
 * {@link #MAX_CHARS} characters or nested deeper than {@link #MAX_DEPTH} with {@link BankError#MESSAGE_TOO_LARGE},
 * before any verticle sees it. The bank's own messages are small, flat objects (a node's published status, the
 * largest, is a few kilobytes); replies travel to reply addresses and are not checked.
 *
 * <p>The ledger's binary messages ({@link WireBody}) are bounded and validated by their codecs as they are decoded;
 * one that could not be decoded is refused here with {@link BankError#INVALID_MESSAGE}.
 *
 * <p>One address takes more: a node's shard copies ({@link Addresses#shardCopies}), where an owner fills a new
 * follower with its whole ledger in one message (up to {@link #MAX_COPY_CHARS}).
 *
 * <p>The size is counted by walking the object (keys and strings by length, anything else as 8), stopping as soon
 * as a limit is passed, so a huge body costs no more than the limit to refuse.
 */
public final class InboundGuard implements Handler<DeliveryContext<Object>> {
  public static final int MAX_CHARS = 256 * 1024;
  public static final int MAX_DEPTH = 16;
  public static final int MAX_COPY_CHARS = 256 * 1024 * 1024;
  private static final String COPIES = Addresses.shardCopies("");

  @Override
  public void handle(DeliveryContext<Object> ctx) {
    String address = ctx.message().address();
    if (address == null || !address.startsWith(Addresses.PREFIX)) {
      ctx.next();
      return;
    }
    // The message's body, not ctx.body(): for messages from other nodes the latter was null (measured).
    Object body = ctx.message().body();
    if (body instanceof WireBody.Malformed malformed) {
      BankError.INVALID_MESSAGE.fail(ctx.message(), malformed.problem());
      return;
    }
    if (body instanceof WireBody) {
      ctx.next();                                  // bounded and validated as it was decoded
      return;
    }
    if (!(body instanceof JsonObject json)) {
      BankError.INVALID_MESSAGE.fail(ctx.message(), "expected a JSON object, got "
          + (body == null ? "an empty body" : "a " + body.getClass().getSimpleName()));
      return;
    }
    String problem = check(json, address.startsWith(COPIES) ? MAX_COPY_CHARS : MAX_CHARS);
    if (problem != null) {
      BankError.MESSAGE_TOO_LARGE.fail(ctx.message(), problem);
      return;
    }
    ctx.next();
  }

  /** What is wrong with {@code body}'s size or depth, or {@code null} if nothing. */
  public static String check(JsonObject body) {
    return check(body, MAX_CHARS);
  }

  private static String check(JsonObject body, long maxChars) {
    return walk(body.getMap(), 1, new long[] {0}, maxChars);
  }

  private static String walk(Object value, int depth, long[] chars, long maxChars) {
    if (depth > MAX_DEPTH) {
      return "nested deeper than " + MAX_DEPTH + " levels";
    }
    if (value instanceof JsonObject o) {
      value = o.getMap();
    } else if (value instanceof JsonArray a) {
      value = a.getList();
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        chars[0] += String.valueOf(e.getKey()).length() + 2;
        String problem = over(chars, maxChars);
        if (problem == null) {
          problem = walk(e.getValue(), depth + 1, chars, maxChars);
        }
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        String problem = walk(item, depth + 1, chars, maxChars);
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    chars[0] += value instanceof CharSequence s ? s.length() + 2 : 8;
    return over(chars, maxChars);
  }

  private static String over(long[] chars, long maxChars) {
    return chars[0] > maxChars ? "larger than " + maxChars + " characters" : null;
  }
}
