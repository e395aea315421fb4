package dev.cirrus.retry;

import java.time.Duration;

/**
 * Receives retry events, for metrics and logs. Every method has an empty default, so implement only what you
 * need.
 *
 * <p>Listeners run synchronously on the thread that drives the call (for SDK clients, the SDK's thread), so
 * they MUST be fast and thread-safe. An exception thrown by a listener is logged at WARN and otherwise
 * ignored: a broken metric never fails a call.
 *
 * <p>A policy calls {@link #onAttempt(int)} and {@link #onSuccess(int, long)}, whose arguments are primitives:
 * a listener that overrides those two and returns false from {@link #usesElapsedTime()} lets a call that
 * succeeds at once run without allocating or reading the clock for it. The {@code Duration} form of
 * {@code onSuccess} is still called, by the default {@code onSuccess(int, long)}, for listeners written
 * against it.
 */
public interface RetryListener {

  /**
   * Called before each attempt, including the first.
   *
   * @param attempt the attempt number, 1 for the first
   */
  default void onAttempt(int attempt) {}

  /**
   * Called when a failed attempt will be retried.
   *
   * @param attempt the attempt that failed
   * @param failure its failure
   * @param kind how the failure was classified
   * @param delay how long the caller will wait before the next attempt
   */
  default void onRetryScheduled(int attempt, Throwable failure, ErrorKind kind, Duration delay) {}

  /**
   * Called when the policy stops retrying a failed call.
   *
   * @param attempts the attempts made; 0 when the call gave up before its first attempt (the rate limiter's
   *     first send slot lay beyond the deadline)
   * @param lastFailure the failure of the last attempt, or, with 0 attempts, the {@link
   *     RetriesExhaustedException} the call fails with
   * @param reason why retrying stopped
   */
  default void onGiveUp(int attempts, Throwable lastFailure, GiveUpReason reason) {}

  /**
   * Called when an attempt succeeds.
   *
   * @param attempts the attempts made, 1 if the first succeeded
   * @param elapsed time since the call started
   */
  default void onSuccess(int attempts, Duration elapsed) {}

  /**
   * Called when an attempt succeeds; the method a policy calls. By default it calls {@link #onSuccess(int,
   * Duration)} with {@code elapsedNanos} as a {@code Duration} ({@link Duration#ZERO} when it is -1).
   *
   * @param attempts the attempts made, 1 if the first succeeded
   * @param elapsedNanos nanoseconds since the call started, by the policy's ticker; -1 when no listener of the
   *     policy {@linkplain #usesElapsedTime() uses it}, and the policy did not read the clock for them
   */
  default void onSuccess(int attempts, long elapsedNanos) {
    onSuccess(attempts, elapsedNanos < 0 ? Duration.ZERO : Duration.ofNanos(elapsedNanos));
  }

  /**
   * Whether this listener uses the time a successful call took. A policy whose listeners all return false
   * reads no clock for them (a clock read costs 20 to 70 ns, more than the listeners' own work): their
   * {@link #onSuccess(int, long)} gets -1. Asked once per call; MUST return the same value every time.
   *
   * @return true by default, as a listener written before this method may time calls
   */
  default boolean usesElapsedTime() {
    return true;
  }
}
