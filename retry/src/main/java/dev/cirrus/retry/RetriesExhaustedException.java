package dev.cirrus.retry;

import java.time.Duration;
import java.util.List;

/**
 * Thrown when a call failed and the policy stopped retrying it. Carries every attempt's failure; the cause is
 * the last one.
 *
 * <p>Not thrown for a failure that is not retryable (or matched an abort predicate) when that failure is an
 * unchecked exception: {@link RetryPolicy#call} rethrows it unchanged, so callers keep catching the
 * service's own exception types. Instances are immutable once thrown, and thread-safe.
 */
public class RetriesExhaustedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why retrying stopped. */
  private final GiveUpReason reason;
  /** Attempts made. */
  private final int attempts;
  private final transient List<Throwable> failures;
  /** Time from the first failure to giving up. */
  private final Duration elapsed;

  /**
   * Creates the exception.
   *
   * @param message the message
   * @param reason why retrying stopped
   * @param attempts attempts made; 0 when the call gave up before its first attempt
   * @param failures each attempt's failure in order (empty only when no attempt failed); copied
   * @param elapsed time from the first failure to giving up
   */
  public RetriesExhaustedException(String message, GiveUpReason reason, int attempts, List<Throwable> failures,
      Duration elapsed) {
    super(message, failures.isEmpty() ? null : failures.get(failures.size() - 1));
    this.reason = reason;
    this.attempts = attempts;
    this.failures = List.copyOf(failures);
    this.elapsed = elapsed;
  }

  /**
   * Returns why retrying stopped.
   *
   * @return why retrying stopped
   */
  public GiveUpReason reason() {
    return reason;
  }

  /**
   * Returns the number of attempts made.
   *
   * @return the number of attempts made
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Returns each attempt's failure, oldest first (unmodifiable; empty after deserialization).
   *
   * @return each attempt's failure, oldest first (unmodifiable; empty after deserialization)
   */
  public List<Throwable> failures() {
    return failures == null ? List.of() : failures;
  }

  /**
   * Returns the last attempt's failure (same as {@link #getCause()}).
   *
   * @return the last attempt's failure (same as {@link #getCause()})
   */
  public Throwable lastFailure() {
    return getCause();
  }

  /**
   * Returns the time spent retrying: from the end of the first failed attempt to giving up. (Not from the
   * start of the call: that would cost a clock read on every successful call.)
   *
   * @return the time spent retrying: from the end of the first failed attempt to giving up
   */
  public Duration elapsed() {
    return elapsed;
  }
}
