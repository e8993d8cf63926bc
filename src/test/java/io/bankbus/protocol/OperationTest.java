package io.bankbus.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OperationTest {

  @Test
  @DisplayName("every operation survives toJson/fromJson")
  void roundTrip() {
    for (Operation op : new Operation[] {Operation.open("o", "a", 0), Operation.deposit("d", "a", 5),
        Operation.withdraw("w", "a", 5), Operation.transfer("t", "a", "b", 5), Operation.balance("a")}) {
      assertEquals(op, Operation.fromJson(op.toJson(), false));
    }
  }

  static Stream<Arguments> bad() {
    JsonObject ok = Operation.deposit("d1", "a", 5).toJson();
    return Stream.of(
        Arguments.of("missing op", ok.copy().putNull("op"), BankError.MISSING_FIELD),
        Arguments.of("op not a string", ok.copy().put("op", 7), BankError.INVALID_FIELD),
        Arguments.of("unknown op", ok.copy().put("op", "steal"), BankError.UNKNOWN_OPERATION),
        Arguments.of("internal op from a customer", ok.copy().put("op", "debit").put("to", "b"),
            BankError.UNKNOWN_OPERATION),
        Arguments.of("missing account", ok.copy().putNull("account"), BankError.MISSING_FIELD),
        Arguments.of("account is a number", ok.copy().put("account", 12), BankError.INVALID_FIELD),
        Arguments.of("account with a slash", ok.copy().put("account", "a/b"), BankError.INVALID_FIELD),
        Arguments.of("huge account id", ok.copy().put("account", "x".repeat(100_000)), BankError.INVALID_FIELD),
        Arguments.of("missing opId", ok.copy().putNull("opId"), BankError.MISSING_FIELD),
        Arguments.of("missing amount", ok.copy().putNull("amount"), BankError.MISSING_FIELD),
        Arguments.of("amount as string", ok.copy().put("amount", "5"), BankError.INVALID_FIELD),
        Arguments.of("fractional amount", ok.copy().put("amount", 1.5), BankError.INVALID_FIELD),
        Arguments.of("negative zero", ok.copy().put("amount", -0.0), BankError.INVALID_FIELD),
        Arguments.of("amount as array", ok.copy().put("amount", new JsonArray()), BankError.INVALID_FIELD),
        Arguments.of("zero amount", ok.copy().put("amount", 0), BankError.INVALID_AMOUNT),
        Arguments.of("negative amount", ok.copy().put("amount", -5), BankError.INVALID_AMOUNT),
        Arguments.of("Long.MIN_VALUE", ok.copy().put("amount", Long.MIN_VALUE), BankError.INVALID_AMOUNT),
        Arguments.of("transfer to self", Operation.transfer("t", "a", "b", 5).toJson().put("to", "a"),
            BankError.INVALID_FIELD),
        Arguments.of("transfer without to", Operation.transfer("t", "a", "b", 5).toJson().putNull("to"),
            BankError.MISSING_FIELD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  @DisplayName("malformed operations are refused with the documented code")
  void refused(String name, JsonObject json, BankError expected) {
    assertEquals(expected, assertThrows(BankException.class, () -> Operation.fromJson(json, false)).error());
  }

  @Test
  @DisplayName("a body that is not a JSON object is INVALID_MESSAGE")
  void notJson() {
    assertEquals(BankError.INVALID_MESSAGE, assertThrows(BankException.class, () -> JsonFields.body("hi")).error());
    assertEquals(BankError.INVALID_MESSAGE, assertThrows(BankException.class, () -> JsonFields.body(null)).error());
  }

  @Test
  @DisplayName("error codes are unique")
  void uniqueCodes() {
    assertEquals(BankError.values().length,
        Stream.of(BankError.values()).mapToInt(BankError::code).distinct().count());
  }
}
