package io.bankbus.rules;

/** Argument checks whose failures read the same everywhere: the bank's rules, a load's options, the command line. */
public final class Checks {
  private Checks() {
  }

  /** Refuses with {@code text} unless {@code ok}. */
  public static void require(boolean ok, String text) {
    if (!ok) {
      throw new IllegalArgumentException(text);
    }
  }

  /** Refuses with "{@code name} must be between {@code min} and {@code max}, got {@code value}". */
  public static void range(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
