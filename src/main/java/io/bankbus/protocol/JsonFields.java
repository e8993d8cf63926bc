package io.bankbus.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Strict readers for message fields. Each throws a {@link BankException} whose text names the field, so a
 * handler can reply it as is. Numbers must be JSON integers: {@code 1.0}, {@code -0.0} or {@code "5"} are
 * refused rather than guessed at.
 */
public final class JsonFields {
  private JsonFields() {
  }

  /** The body as a JSON object, or {@link BankError#INVALID_MESSAGE}. */
  public static JsonObject body(Object body) {
    if (body instanceof JsonObject json) {
      return json;
    }
    String kind = body == null ? "an empty body" : "a " + body.getClass().getSimpleName();
    throw BankError.INVALID_MESSAGE.exception("expected a JSON object, got " + kind);
  }

  public static Object require(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      throw BankError.MISSING_FIELD.exception("field '" + field + "' is required");
    }
    return value;
  }

  public static String string(JsonObject json, String field) {
    Object value = require(json, field);
    if (!(value instanceof String s)) {
      throw wrongType(field, "a string", value);
    }
    return s;
  }

  /** An id: see {@link #isId}. */
  public static String id(JsonObject json, String field) {
    String s = string(json, field);
    if (!isId(s)) {
      throw BankError.INVALID_FIELD.exception("field '" + field + "' must be 1-64 characters of A-Z a-z 0-9 . _ : -, got '"
          + abbreviate(s) + "'");
    }
    return s;
  }

  /**
   * Account ids and operation ids: 1-64 of letters, digits and {@code . _ : -}; '/' is reserved for the legs of a
   * transfer. Checked by hand rather than by a regex: it runs on every message (a regex showed in profiles).
   */
  public static boolean isId(String s) {
    int n = s.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public static String optionalId(JsonObject json, String field) {
    return json.getValue(field) == null ? null : id(json, field);
  }

  public static long integer(JsonObject json, String field) {
    Object value = require(json, field);
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    throw wrongType(field, "an integer", value);
  }

  public static JsonObject object(JsonObject json, String field) {
    Object value = require(json, field);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw wrongType(field, "an object", value);
  }

  public static JsonArray array(JsonObject json, String field) {
    Object value = require(json, field);
    if (value instanceof JsonArray array) {
      return array;
    }
    throw wrongType(field, "an array", value);
  }

  public static long optionalInteger(JsonObject json, String field, long fallback) {
    return json.getValue(field) == null ? fallback : integer(json, field);
  }

  private static BankException wrongType(String field, String expected, Object value) {
    String got = value instanceof String s ? "the string '" + abbreviate(s) + "'"
        : value.getClass().getSimpleName() + " " + abbreviate(String.valueOf(value));
    return BankError.INVALID_FIELD.exception("field '" + field + "' must be " + expected + ", got " + got);
  }

  /** Keeps error texts short when a caller sends a huge value. */
  public static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...(" + s.length() + " chars)";
  }
}
