package dev.cirrus.retry;

import java.time.Duration;
import java.util.List;

/**
 * Thrown when a retry was needed but the shared {@link RetryBudget} could not pay for it: the service is
 * failing for many callers at once, and this call fails fast instead of adding load.
 *
 * <p>Carries the attempts, their failures and the budget's state at the moment of refusal. Instances are
 * immutable and thread-safe.
 */
public class RetryBudgetExhaustedException extends RetriesExhaustedException {
  private static final long serialVersionUID = 1L;

  /** What the refused retry would have cost. */
  private final int requiredTokens;
  /** Tokens available at the refusal. */
  private final int availableTokens;
  /** The budget's capacity. */
  private final int capacity;

  /**
   * Creates the exception.
   *
   * @param attempts attempts made
   * @param failures each attempt's failure in order; copied
   * @param elapsed time from the first failure to giving up
   * @param requiredTokens what the refused retry would have cost
   * @param availableTokens the tokens available when the retry was refused
   * @param capacity the budget's capacity
   */
  public RetryBudgetExhaustedException(int attempts, List<Throwable> failures, Duration elapsed,
      int requiredTokens, int availableTokens, int capacity) {
    super("Retry budget exhausted after " + attempts + (attempts == 1 ? " attempt" : " attempts")
        + ": a retry needs " + requiredTokens + " tokens, " + availableTokens + " of " + capacity
        + " available; last failure: " + describe(failures), GiveUpReason.BUDGET_EXHAUSTED, attempts, failures,
        elapsed);
    this.requiredTokens = requiredTokens;
    this.availableTokens = availableTokens;
    this.capacity = capacity;
  }

  private static String describe(List<Throwable> failures) {
    return failures.isEmpty() ? "none" : String.valueOf(failures.get(failures.size() - 1));
  }

  /**
   * Returns the tokens the refused retry needed.
   *
   * @return the tokens the refused retry needed
   */
  public int requiredTokens() {
    return requiredTokens;
  }

  /**
   * Returns the tokens available when the retry was refused.
   *
   * @return the tokens available when the retry was refused
   */
  public int availableTokens() {
    return availableTokens;
  }

  /**
   * Returns the budget's capacity.
   *
   * @return the budget's capacity
   */
  public int capacity() {
    return capacity;
  }
}
