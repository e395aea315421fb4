package dev.cirrus.crypto.internal;

/** Range checks of builder settings, with the message every setting uses. Thread-safe. */
public final class Ranges {
  private Ranges() {}

  /**
   * Returns {@code value} if it lies in {@code [min, max]}.
   *
   * @throws IllegalArgumentException "{@code name} must be between {@code min} and {@code max}, was
   *     {@code value}" otherwise
   */
  public static long between(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }
}
