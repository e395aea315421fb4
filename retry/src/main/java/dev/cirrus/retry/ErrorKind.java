package dev.cirrus.retry;

/**
 * How a failure should be treated by a retry policy.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum ErrorKind {
  /** The service asked the caller to slow down (HTTP 429, {@code ThrottlingException}, 503 {@code SlowDown}...). */
  THROTTLING,
  /** A failure that may succeed on retry: HTTP 5xx, connection reset, timeout. */
  TRANSIENT,
  /** A failure that retrying cannot fix: validation errors, access denied, every other 4xx. */
  NOT_RETRYABLE;

  /**
   * Returns {@code true} for {@link #THROTTLING} and {@link #TRANSIENT}.
   *
   * @return whether a retry may succeed
   */
  public boolean isRetryable() {
    return this != NOT_RETRYABLE;
  }
}
