package dev.cirrus.retry.internal;

import dev.cirrus.retry.Backoff;
import java.time.Duration;

/**
 * The six backoff formulas behind {@link Backoff}'s factories, in one immutable class so the hot path is a
 * single switch on a final field (JIT-friendly, no megamorphic call).
 *
 * <p>Overflow: {@code base << (attempt - 1)} is only computed when it cannot overflow
 * ({@code attempt - 1 < numberOfLeadingZeros(base) - 1}); otherwise the cap applies directly.
 */
public final class StandardBackoff implements Backoff {

  /** The formula. */
  public enum Mode { NONE, FIXED, EXPONENTIAL, FULL_JITTER, EQUAL_JITTER, DECORRELATED_JITTER }

  private final Mode mode;
  private final long baseNanos;
  private final long capNanos;

  public StandardBackoff(Mode mode, long baseNanos, long capNanos) {
    this.mode = mode;
    this.baseNanos = baseNanos;
    this.capNanos = capNanos;
  }

  @Override
  public long delayNanos(int attempt, long previousDelayNanos, double random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    if (!(random >= 0.0 && random < 1.0)) {
      throw new IllegalArgumentException("random must be in [0.0, 1.0), was " + random);
    }
    switch (mode) {
      case NONE:
        return 0L;
      case FIXED:
        return baseNanos;
      case EXPONENTIAL:
        return exponential(attempt);
      case FULL_JITTER:
        return (long) (random * exponential(attempt));
      case EQUAL_JITTER: {
        long e = exponential(attempt);
        long half = e / 2;
        return half + (long) (random * (e - half));
      }
      case DECORRELATED_JITTER: {
        long prev = Math.max(previousDelayNanos, baseNanos);
        // 3 * prev, saturated: the upper bound only matters up to the cap.
        long upper = prev > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : prev * 3;
        long next = baseNanos + (long) (random * (double) (upper - baseNanos));
        return Math.min(capNanos, Math.max(baseNanos, next));
      }
      default:
        throw new AssertionError(mode);
    }
  }

  /** {@code min(cap, base * 2^(attempt-1))} without overflow. */
  private long exponential(int attempt) {
    int shift = attempt - 1;
    if (shift >= Long.numberOfLeadingZeros(baseNanos) - 1) {
      return capNanos;
    }
    return Math.min(capNanos, baseNanos << shift);
  }

  public Mode mode() {
    return mode;
  }

  public long baseNanos() {
    return baseNanos;
  }

  public long capNanos() {
    return capNanos;
  }

  @Override
  public String toString() {
    return "Backoff." + mode.name().toLowerCase(java.util.Locale.ROOT)
        + "(base=" + Duration.ofNanos(baseNanos) + ", cap=" + Duration.ofNanos(capNanos) + ")";
  }
}
