package io.bankbus.sharedstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankbus.protocol.BankException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccountValueTest {
  @Test
  @DisplayName("a value decodes to what was encoded, with or without earlier writes")
  void roundTripsWithAndWithoutEarlierWrites() {
    AccountValue plain = new AccountValue(-0, 3);
    AccountValue last = new AccountValue(1_250, 7, "c1-9", "node-a");
    AccountValue carried = new AccountValue(1_250, 8, "c2-1", "node-b",
        List.of(new AccountValue.Write("c1-9", "node-a"), new AccountValue.Write("c3:4", "node-c")));
    for (AccountValue v : List.of(plain, last, carried)) {
      assertEquals(v, AccountValue.decode(v.encode()));
    }
    assertEquals("1250@8@c2-1@node-b@c1-9@node-a@c3:4@node-c", carried.encode());
  }

  /** Last written by op-2, carrying op-1 as an earlier write. */
  private static AccountValue carried() {
    return new AccountValue(10, 2, "op-2", "n", List.of(new AccountValue.Write("op-1", "m")));
  }

  @Test
  @DisplayName("a value names its last and earlier writes only")
  void namesItsLastAndEarlierWritesOnly() {
    AccountValue carried = carried();
    assertTrue(carried.names("op-2"));
    assertTrue(carried.names("op-1"));
    assertFalse(carried.names("op-3"));
  }

  @Test
  @DisplayName("a value is written by its last write, not by an earlier one")
  void writtenByItsLastWrite() {
    AccountValue carried = carried();
    assertTrue(carried.writtenBy("op-2"));
    assertFalse(carried.writtenBy("op-1"));
  }

  @Test
  @DisplayName("an encoding that cannot be read is refused")
  void refusesWhatItCannotRead() {
    for (String bad : List.of("", "12", "12@x", "1@2@op", "1@2@op@n@dangling")) {
      assertThrows(BankException.class, () -> AccountValue.decode(bad), bad);
    }
  }
}
