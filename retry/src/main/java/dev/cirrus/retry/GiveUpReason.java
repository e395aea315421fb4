package dev.cirrus.retry;

/**
 * Why a retry policy stopped retrying a failed call.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum GiveUpReason {
  /** The classifier said the failure is not retryable. */
  NOT_RETRYABLE,
  /** An abort predicate of the policy matched the failure. */
  ABORTED,
  /** The policy's maximum number of attempts was reached. */
  MAX_ATTEMPTS,
  /** The next attempt would start after the policy's deadline. */
  DEADLINE,
  /** The shared {@link RetryBudget} could not pay for the retry. */
  BUDGET_EXHAUSTED,
  /** The waiting thread was interrupted (synchronous calls only). */
  INTERRUPTED,
  /**
   * The failure is retryable but the call may have executed, and the call is not idempotent
   * ({@link RetryPolicy.Builder#idempotent(boolean)}): retrying could apply it twice.
   */
  NOT_IDEMPOTENT
}
