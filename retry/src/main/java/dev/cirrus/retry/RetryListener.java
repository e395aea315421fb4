package dev.cirrus.retry;

import java.time.Duration;

/**
 * Receives retry events, for metrics and logs. Every method has an empty default, so implement only what you
 * need.
 *
 * <p>Listeners run synchronously on the thread that drives the call (for SDK clients, the SDK's thread), so
 * they MUST be fast and thread-safe. An exception thrown by a listener is logged at WARN and otherwise
 * ignored: a broken metric never fails a call.
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
}
