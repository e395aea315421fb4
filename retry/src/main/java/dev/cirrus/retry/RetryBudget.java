package dev.cirrus.retry;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token bucket that caps how many retries a fleet of callers may make against a struggling service: each
 * retry takes tokens, each success puts some back, and when the bucket cannot pay for a retry the call fails
 * fast with {@link RetryBudgetExhaustedException} instead of adding load.
 *
 * <p>Modelled on the AWS SDK's standard retry mode: capacity 500; a retry after a throttle costs
 * {@link #throttlingRetryCost()} (default 5), after any other retryable error {@link #transientRetryCost()}
 * (default 14); a call that succeeds refunds everything its retries took, or {@link #successRefund()}
 * (default 1) when it succeeded without retrying. First attempts never cost anything, so an empty budget
 * stops retries, never traffic.
 *
 * <p>One deliberate difference from the SDK: the SDK refunds only the <em>last</em> retry's cost, so a
 * service that throttles half the requests drains its bucket even though every call eventually succeeds.
 * Here the tokens measure calls that are still failing: under a 50% throttle the budget stays full, under a
 * 100% throttle it empties after {@code capacity / cost} retries and every further call fails fast.
 *
 * <p>Share one instance between every policy and SDK client that talk to the same service: that is the whole
 * point. This class is thread-safe and lock-free; {@link #availableTokens()} is always within
 * {@code [0, capacity()]}.
 */
public final class RetryBudget {

  /** The default capacity: 500 tokens. */
  public static final int DEFAULT_CAPACITY = 500;
  /** The default cost of a retry after a throttle: 5 tokens. */
  public static final int DEFAULT_THROTTLING_RETRY_COST = 5;
  /** The default cost of a retry after a transient error: 14 tokens. */
  public static final int DEFAULT_TRANSIENT_RETRY_COST = 14;
  /** The default refund of a call that succeeded on its first attempt: 1 token. */
  public static final int DEFAULT_SUCCESS_REFUND = 1;

  private final int capacity;
  private final int throttlingRetryCost;
  private final int transientRetryCost;
  private final int successRefund;
  private final AtomicInteger tokens;

  private RetryBudget(Builder b) {
    this.capacity = b.capacity;
    this.throttlingRetryCost = b.throttlingRetryCost;
    this.transientRetryCost = b.transientRetryCost;
    this.successRefund = b.successRefund;
    this.tokens = new AtomicInteger(capacity);
  }

  /**
   * Returns a full budget with the defaults (capacity 500, costs 5 and 14, refund 1).
   *
   * @return a full budget with the defaults (capacity 500, costs 5 and 14, refund 1)
   */
  public static RetryBudget create() {
    return builder().build();
  }

  /**
   * Returns a full budget of {@code capacity} tokens with the default costs.
   *
   * @param capacity the capacity and initial tokens
   * @return a full budget of {@code capacity} tokens with the default costs
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public static RetryBudget ofCapacity(int capacity) {
    return builder().capacity(capacity).build();
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the tokens available now, between 0 and {@link #capacity()}.
   *
   * @return the tokens available now, between 0 and {@link #capacity()}
   */
  public int availableTokens() {
    return tokens.get();
  }

  /**
   * Returns the capacity.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  /**
   * Returns the cost of a retry after a throttle.
   *
   * @return the cost of a retry after a throttle
   */
  public int throttlingRetryCost() {
    return throttlingRetryCost;
  }

  /**
   * Returns the cost of a retry after a transient error.
   *
   * @return the cost of a retry after a transient error
   */
  public int transientRetryCost() {
    return transientRetryCost;
  }

  /**
   * Returns the refund of a call that succeeded without retrying.
   *
   * @return the refund of a call that succeeded without retrying
   */
  public int successRefund() {
    return successRefund;
  }

  /**
   * Returns the cost of retrying after a failure of the given kind.
   *
   * @param kind the kind of the failure to retry
   * @return tokens
   * @throws IllegalArgumentException if {@code kind} is {@link ErrorKind#NOT_RETRYABLE}
   * @throws NullPointerException if {@code kind} is null
   */
  public int retryCost(ErrorKind kind) {
    switch (kind) {
      case THROTTLING:
        return throttlingRetryCost;
      case TRANSIENT:
        return transientRetryCost;
      default:
        throw new IllegalArgumentException("kind must be THROTTLING or TRANSIENT, was " + kind);
    }
  }

  /**
   * Takes {@code cost} tokens if that many are available; atomically, all or nothing.
   *
   * @param cost tokens
   * @return whether the tokens were taken
   * @throws IllegalArgumentException if {@code cost < 0}
   */
  public boolean tryAcquire(int cost) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost must not be negative, was " + cost);
    }
    while (true) {
      int current = tokens.get();
      if (current < cost) {
        return false;
      }
      if (tokens.compareAndSet(current, current - cost)) {
        return true;
      }
    }
  }

  /**
   * Returns {@code amount} tokens to the bucket, never beyond {@link #capacity()}.
   *
   * @param amount tokens
   * @throws IllegalArgumentException if {@code amount < 0}
   */
  public void release(int amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("amount must not be negative, was " + amount);
    }
    if (amount == 0) {
      return;
    }
    while (true) {
      int current = tokens.get();
      if (current == capacity) {
        return;
      }
      int next = (int) Math.min((long) current + amount, capacity);
      if (tokens.compareAndSet(current, next)) {
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "RetryBudget{" + availableTokens() + "/" + capacity + " tokens, throttlingRetryCost="
        + throttlingRetryCost + ", transientRetryCost=" + transientRetryCost + ", successRefund=" + successRefund
        + "}";
  }

  /**
   * Builds a {@link RetryBudget}. Not thread-safe; each {@link #build()} returns a new, full bucket.
   */
  public static final class Builder {
    private int capacity = DEFAULT_CAPACITY;
    private int throttlingRetryCost = DEFAULT_THROTTLING_RETRY_COST;
    private int transientRetryCost = DEFAULT_TRANSIENT_RETRY_COST;
    private int successRefund = DEFAULT_SUCCESS_REFUND;

    private Builder() {}

    /**
     * Sets the capacity and initial tokens. By default 500.
     *
     * @param capacity the capacity and initial tokens
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /**
     * Sets the cost of a retry after a throttle. By default 5.
     *
     * @param cost tokens
     * @return this builder
     * @throws IllegalArgumentException if {@code cost < 0}
     */
    public Builder throttlingRetryCost(int cost) {
      this.throttlingRetryCost = requireNonNegative("throttlingRetryCost", cost);
      return this;
    }

    /**
     * Sets the cost of a retry after a transient error. By default 14.
     *
     * @param cost tokens
     * @return this builder
     * @throws IllegalArgumentException if {@code cost < 0}
     */
    public Builder transientRetryCost(int cost) {
      this.transientRetryCost = requireNonNegative("transientRetryCost", cost);
      return this;
    }

    /**
     * Sets the refund of a call that succeeded without retrying. By default 1.
     *
     * @param refund tokens
     * @return this builder
     * @throws IllegalArgumentException if {@code refund < 0}
     */
    public Builder successRefund(int refund) {
      this.successRefund = requireNonNegative("successRefund", refund);
      return this;
    }

    private static int requireNonNegative(String name, int value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    }

    /**
     * Returns a new full budget. A retry cost above the capacity is allowed: that kind of failure is then
     * never retried while the budget is in use.
     *
     * @return a new full budget
     */
    public RetryBudget build() {
      return new RetryBudget(this);
    }
  }
}
