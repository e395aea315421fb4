package dev.cirrus.cache;

/**
 * A source of monotonic time in nanoseconds, used to measure the age of cache entries.
 *
 * <p>Only differences between two readings are meaningful, as with {@link System#nanoTime()}. Tests
 * inject a {@link ManualTicker} so that no test has to wait for an entry to expire.
 *
 * <p>Implementations MUST be thread-safe and cheap, and MUST NOT throw: the cache reads the ticker once
 * on every {@code acquire} and while it completes loads that other callers are waiting for.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current reading in nanoseconds.
   *
   * @return nanoseconds since an arbitrary, fixed origin
   */
  long read();

  /**
   * Returns the ticker backed by {@link System#nanoTime()}.
   *
   * @return the system ticker; thread-safe
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
