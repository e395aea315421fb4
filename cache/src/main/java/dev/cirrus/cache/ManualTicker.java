package dev.cirrus.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told to, for tests of code that uses a cache.
 *
 * <p>Starts at 0. This class is threadsafe.
 */
public final class ManualTicker implements Ticker {

  private final AtomicLong nanos = new AtomicLong();

  /** Creates a ticker reading 0. */
  public ManualTicker() {}

  @Override
  public long read() {
    return nanos.get();
  }

  /**
   * Moves the ticker forward.
   *
   * @param duration how far to move; zero is allowed
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws ArithmeticException if {@code duration} does not fit in a long of nanoseconds
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    nanos.addAndGet(duration.toNanos());
  }
}
