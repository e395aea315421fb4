package dev.cirrus.s3;

import java.time.Instant;
import java.util.Objects;

/**
 * Key layouts for sequential ids and timestamps, which otherwise pile every new write onto one prefix.
 *
 * <ul>
 *   <li>{@link #reversedId}: the characters of the id in reverse order, so that ids {@code 1000417},
 *       {@code 1000418} become {@code 7140001}, {@code 8140001}: the fastest-changing character comes first.
 *   <li>{@link #reversedTimestamp}: the epoch milliseconds written as exactly 13 decimal digits (zero-padded;
 *       valid from 1970 to 2286) and reversed, so consecutive writes differ in the first character.
 * </ul>
 * Both are their own inverse once parsed ({@link #idFromReversed}, {@link #timestampFromReversed}). Keys laid
 * out this way no longer list in time or id order; use a hash prefix ({@link HashedKeyScheme}) when you need
 * neither order.
 *
 * <p>This class is threadsafe (stateless).
 */
public final class KeyLayouts {
  /** The number of digits of a reversed timestamp: {@value}. */
  public static final int TIMESTAMP_DIGITS = 13;
  private static final long MAX_MILLIS = 9_999_999_999_999L;

  private KeyLayouts() {}

  /**
   * Returns {@code id} reversed by code point.
   *
   * @param id the identifier to reverse
   * @return {@code id} reversed by code point
   * @throws NullPointerException if id is null
   * @throws IllegalArgumentException if id is empty
   */
  public static String reversedId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    return new StringBuilder(id).reverse().toString();
  }

  /**
   * Returns the id a {@link #reversedId} came from.
   *
   * @param reversed a value made by the matching reverse method
   * @return the id a {@link #reversedId} came from
   * @throws NullPointerException if reversed is null
   * @throws IllegalArgumentException if reversed is empty
   */
  public static String idFromReversed(String reversed) {
    Objects.requireNonNull(reversed, "reversed");
    if (reversed.isEmpty()) {
      throw new IllegalArgumentException("reversed must not be empty");
    }
    return new StringBuilder(reversed).reverse().toString();
  }

  /**
   * Returns the 13 reversed decimal digits of the epoch milliseconds of {@code timestamp}.
   *
   * @param timestamp the instant to encode
   * @return the 13 reversed decimal digits of the epoch milliseconds of {@code timestamp}
   * @throws NullPointerException if timestamp is null
   * @throws IllegalArgumentException if timestamp is before 1970-01-01T00:00:00Z or after the 13-digit
   *     maximum, 2286-11-20T17:46:39.999Z
   */
  public static String reversedTimestamp(Instant timestamp) {
    Objects.requireNonNull(timestamp, "timestamp");
    long millis;
    try {
      millis = timestamp.toEpochMilli();
    } catch (ArithmeticException e) {
      millis = timestamp.isBefore(Instant.EPOCH) ? -1 : Long.MAX_VALUE;
    }
    if (millis < 0 || millis > MAX_MILLIS) {
      throw new IllegalArgumentException(
          "timestamp must be between " + Instant.EPOCH + " and " + Instant.ofEpochMilli(MAX_MILLIS) + ", was "
              + timestamp);
    }
    String digits = String.format("%013d", millis);
    return new StringBuilder(digits).reverse().toString();
  }

  /**
   * Returns the instant (millisecond precision) a {@link #reversedTimestamp} came from.
   *
   * @param reversed a value made by the matching reverse method
   * @return the instant (millisecond precision) a {@link #reversedTimestamp} came from
   * @throws NullPointerException if reversed is null
   * @throws IllegalArgumentException if reversed is not exactly 13 ASCII digits
   */
  public static Instant timestampFromReversed(String reversed) {
    Objects.requireNonNull(reversed, "reversed");
    if (reversed.length() != TIMESTAMP_DIGITS || !reversed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "reversed must be exactly " + TIMESTAMP_DIGITS + " ASCII digits, was \"" + reversed + "\"");
    }
    return Instant.ofEpochMilli(Long.parseLong(new StringBuilder(reversed).reverse().toString()));
  }
}
