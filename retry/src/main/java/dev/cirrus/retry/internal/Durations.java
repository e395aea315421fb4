package dev.cirrus.retry.internal;

import java.time.Duration;
import java.util.Objects;

/** Validation and saturating conversion helpers shared by the public builders. */
public final class Durations {
  private Durations() {}

  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;
  private static final long MAX_NANO_OF_MAX_SECONDS = Long.MAX_VALUE % 1_000_000_000L;

  /** Nanoseconds of {@code d}, saturated at {@link Long#MAX_VALUE} instead of throwing on overflow. */
  public static long toNanosSaturated(Duration d) {
    // Exact boundary: durations in [MAX_SECONDS s, Long.MAX_VALUE ns] still fit and must not be raised.
    long seconds = d.getSeconds();
    if (seconds > MAX_SECONDS || (seconds == MAX_SECONDS && d.getNano() > MAX_NANO_OF_MAX_SECONDS)) {
      return Long.MAX_VALUE;
    }
    return d.toNanos();
  }

  /** Requires {@code d > 0}; returns it in nanoseconds (saturated). */
  public static long requirePositive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return toNanosSaturated(d);
  }

  /** Requires {@code d >= 0}; returns it in nanoseconds (saturated). */
  public static long requireNonNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return toNanosSaturated(d);
  }

  /** Requires {@code d > 0}; returns it. */
  public static Duration positive(String name, Duration d) {
    requirePositive(name, d);
    return d;
  }

  /** Requires {@code d >= 0}; returns it. */
  public static Duration nonNegative(String name, Duration d) {
    requireNonNegative(name, d);
    return d;
  }

  /** Adds two non-negative nanosecond counts, saturating at {@link Long#MAX_VALUE}. */
  public static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
