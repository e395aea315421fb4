package dev.cirrus.retry;

import dev.cirrus.retry.internal.AsyncRetry;
import dev.cirrus.retry.internal.Durations;
import dev.cirrus.retry.internal.RetrySettings;
import dev.cirrus.retry.internal.SyncRetry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How to retry a call to an AWS service, and the means to run calls under it.
 *
 * <p>Composition, outermost first: {@code Retry(deadline, max attempts, budget)(RateLimiter(call))}. Before each
 * attempt the call waits for a send slot of the {@link AdaptiveRateLimiter} (if any). After a failure: abort
 * predicates, then the {@link ErrorClassifier}, then idempotency, then max attempts, then the backoff of the failure's
 * kind (raised to a server {@code Retry-After} hint, bounded by {@link #maxRetryAfter()}, and to the limiter's next
 * send slot), then the deadline, then the {@link RetryBudget} (tokens are only spent on a retry that will happen, and
 * refunded if that retry never starts because the call was cancelled or interrupted while waiting).
 *
 * <p>Defaults: maxAttempts 3 (the first attempt included; the SDK standard mode's value); maxElapsed none;
 * throttlingBackoff {@code Backoff.fullJitter(1 s, 20 s)}; transientBackoff {@code Backoff.fullJitter(50 ms, 20 s)};
 * classifier {@link ErrorClassifier#aws()}; budget none (share one {@link RetryBudget} per service in production);
 * rateLimiter none; honourRetryAfter true and maxRetryAfter 20 s; idempotent true.
 *
 * <p>This class is immutable and thread-safe; one policy may run any number of concurrent calls. Budget and limiter are
 * shared state by design.
 */
public final class RetryPolicy {

  /**
   * Waits between synchronous attempts; injectable so tests never sleep. Implementations MUST be thread-safe: one
   * policy's sleeper serves all its concurrent calls.
   */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits {@code nanos} nanoseconds.
     *
     * @param nanos nanoseconds to wait, positive
     * @throws InterruptedException if interrupted while waiting
     */
    void sleep(long nanos) throws InterruptedException;
  }

  private static final RetryPolicy DEFAULTS = builder().build();

  private final RetrySettings settings;

  private RetryPolicy(RetrySettings settings) {
    this.settings = settings;
  }

  /** {@return the policy with every default (see the class documentation)} */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** {@return a builder holding the defaults} */
  public static Builder builder() {
    return new Builder(new RetrySettings());
  }

  /** {@return a builder holding this policy's settings} */
  public Builder toBuilder() {
    return new Builder(settings.workingCopy());
  }

  /**
   * Calls {@code callable}, retrying failures as this policy says, waiting on the calling thread.
   *
   * @param <T> the result type
   * @param callable the call; called once per attempt
   * @return the first successful result
   * @throws RetryBudgetExhaustedException if a retry was needed and the budget could not pay for it
   * @throws RetriesExhaustedException if the attempts, the deadline or the thread's patience (interrupt) ran out, or
   *     the final failure is a checked exception that is not retryable; carries every failure
   * @throws RuntimeException the callable's own unchecked exception, unchanged, when it is not retryable or matched an
   *     abort predicate (earlier failures attached as suppressed)
   * @throws NullPointerException if {@code callable} is null
   */
  public <T> T call(Callable<T> callable) {
    return call(AdaptiveRateLimiter.DEFAULT_KEY, callable);
  }

  /**
   * Like {@link #call(Callable)}, rate-limited under {@code resourceKey} (a table name, a KMS key id, a bucket prefix)
   * when the policy has an {@link AdaptiveRateLimiter}.
   *
   * @param <T> the result type
   * @param resourceKey the limiter key: a table name, a KMS key id, a bucket prefix
   * @param callable the call; called once per attempt
   * @return the first successful result
   * @throws NullPointerException if an argument is null
   */
  public <T> T call(String resourceKey, Callable<T> callable) {
    return SyncRetry.call(this, resourceKey, callable);
  }

  /**
   * Runs {@code runnable} under this policy; see {@link #call(Callable)}.
   *
   * @param runnable the call; run once per attempt
   * @throws NullPointerException if {@code runnable} is null
   */
  public void run(Runnable runnable) {
    call(AdaptiveRateLimiter.DEFAULT_KEY, Executors.callable(Objects.requireNonNull(runnable, "runnable")));
  }

  /**
   * Calls an asynchronous operation under this policy, scheduling waits on {@code scheduler}; no thread ever blocks.
   * The first attempt starts on the calling thread (unless the rate limiter asks it to wait).
   *
   * <p>The returned future completes with the first success, or exceptionally with the same exceptions
   * {@link #call(Callable)} throws (a non-retryable failure as itself, checked or not). Cancelling it cancels the
   * scheduled retry and the attempt in flight. If {@code scheduler} rejects a retry, the future completes with its
   * {@code RejectedExecutionException} (the last attempt's failure suppressed on it); if the classifier, a predicate or
   * a backoff throws, with that exception.
   *
   * @param <T> the result type
   * @return a future of the first successful result; cancelling it cancels the call
   * @param supplier starts one attempt; called once per attempt
   * @param scheduler runs the retries; the caller owns it
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier,
      ScheduledExecutorService scheduler) {
    return callAsync(AdaptiveRateLimiter.DEFAULT_KEY, supplier, scheduler);
  }

  /**
   * Like {@link #callAsync(Supplier, ScheduledExecutorService)}, rate-limited under {@code resourceKey}.
   *
   * @param <T> the result type
   * @param resourceKey the limiter key: a table name, a KMS key id, a bucket prefix
   * @param supplier starts one attempt; called once per attempt
   * @param scheduler runs the retries; the caller owns it
   * @return a future of the first successful result; cancelling it cancels the call
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<T> callAsync(String resourceKey, Supplier<? extends CompletionStage<T>> supplier,
      ScheduledExecutorService scheduler) {
    return AsyncRetry.start(this, resourceKey, supplier, scheduler);
  }

  /** {@return {@link #newExecution(String)} under the default rate limiter key} */
  public RetryExecution newExecution() {
    return newExecution(AdaptiveRateLimiter.DEFAULT_KEY);
  }

  /**
   * {@return a new execution of one call under this policy, for callers that make the attempts themselves}
   *
   * @param resourceKey the rate limiter key: a table name, a KMS key id, a bucket prefix
   * @throws NullPointerException if {@code resourceKey} is null
   * @see RetryExecution
   */
  public RetryExecution newExecution(String resourceKey) {
    return new RetryExecution(this, resourceKey);
  }

  /** {@return the maximum number of attempts, the first included} */
  public int maxAttempts() {
    return settings.maxAttempts;
  }

  /** {@return the maximum time from the start of a call to the start of its last attempt, if set} */
  public Optional<Duration> maxElapsed() {
    return Optional.ofNullable(settings.maxElapsed);
  }

  /** {@return the backoff after a throttle} */
  public Backoff throttlingBackoff() {
    return settings.throttlingBackoff;
  }

  /** {@return the backoff after a transient error} */
  public Backoff transientBackoff() {
    return settings.transientBackoff;
  }

  /** {@return the classifier} */
  public ErrorClassifier classifier() {
    return settings.classifier;
  }

  /** {@return the abort predicates (unmodifiable)} */
  public List<Predicate<? super Throwable>> abortPredicates() {
    return settings.abortPredicates;
  }

  /** {@return the listeners (unmodifiable)} */
  public List<RetryListener> listeners() {
    return settings.listeners;
  }

  /** {@return the shared budget, if any} */
  public Optional<RetryBudget> budget() {
    return Optional.ofNullable(settings.budget);
  }

  /** {@return the shared rate limiter, if any} */
  public Optional<AdaptiveRateLimiter> rateLimiter() {
    return Optional.ofNullable(settings.rateLimiter);
  }

  /** {@return whether server retry hints are honoured} */
  public boolean honourRetryAfter() {
    return settings.honourRetryAfter;
  }

  /** {@return the longest server retry hint honoured} Longer hints are cut to this. */
  public Duration maxRetryAfter() {
    return settings.maxRetryAfter;
  }

  /** {@return the random source, values in {@code [0, 1)}} */
  public DoubleSupplier random() {
    return settings.random;
  }

  /** {@return the time source in nanoseconds} */
  public LongSupplier nanoTicker() {
    return settings.nanoTicker;
  }

  /** {@return the sleeper used by {@link #call(Callable)}} */
  public Sleeper sleeper() {
    return settings.sleeper;
  }

  /** {@return whether calls may safely run more than once} See {@link Builder#idempotent(boolean)}. */
  public boolean idempotent() {
    return settings.idempotent;
  }

  @Override
  public String toString() {
    return settings.toString();
  }

  /**
   * Builds a {@link RetryPolicy}. Not thread-safe; {@link #build()} copies the settings, so a reused builder never
   * changes a policy it built.
   */
  public static final class Builder {
    private final RetrySettings s;

    private Builder(RetrySettings s) {
      this.s = s;
    }

    /**
     * Sets the maximum number of attempts, the first included; 1 disables retries. By default 3.
     *
     * @param maxAttempts the maximum number of attempts
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public Builder maxAttempts(int maxAttempts) {
      s.maxAttempts = RetrySettings.requireValidMaxAttempts(maxAttempts);
      return this;
    }

    /**
     * Sets the deadline: no retry is scheduled that would start later than {@code maxElapsed} after the call started,
     * and a call whose first send slot from the rate limiter comes after {@code maxElapsed} fails at once with a
     * {@link RetriesExhaustedException} (reason {@link GiveUpReason#DEADLINE}, 0 attempts). An attempt in flight is not
     * interrupted. (An SDK client using {@code CirrusRetryStrategy} waits for its first slot regardless; bound it with
     * the client's {@code apiCallTimeout}.) By default none.
     *
     * @param maxElapsed the deadline, measured from the start of the call
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     * @throws NullPointerException if null
     */
    public Builder maxElapsed(Duration maxElapsed) {
      s.maxElapsed = Durations.positive("maxElapsed", maxElapsed);
      return this;
    }

    /**
     * Sets the backoff after throttles. By default {@code Backoff.fullJitter(1 s, 20 s)}.
     *
     * @param backoff the backoff
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder throttlingBackoff(Backoff backoff) {
      s.throttlingBackoff = Objects.requireNonNull(backoff, "throttlingBackoff");
      return this;
    }

    /**
     * Sets the backoff after transient errors. By default {@code Backoff.fullJitter(50 ms, 20 s)}.
     *
     * @param backoff the backoff
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder transientBackoff(Backoff backoff) {
      s.transientBackoff = Objects.requireNonNull(backoff, "transientBackoff");
      return this;
    }

    /**
     * Sets the same backoff for throttles and transient errors.
     *
     * @param backoff the backoff
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder backoff(Backoff backoff) {
      s.throttlingBackoff = Objects.requireNonNull(backoff, "backoff");
      s.transientBackoff = backoff;
      return this;
    }

    /**
     * Sets the classifier. By default {@link ErrorClassifier#aws()}.
     *
     * @param classifier the classifier
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder classifier(ErrorClassifier classifier) {
      s.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /**
     * Adds a predicate that stops retrying when it matches a failure, whatever its classification.
     *
     * @param predicate matches failures that must not be retried
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder abortOn(Predicate<? super Throwable> predicate) {
      s.abortPredicates.add(Objects.requireNonNull(predicate, "predicate"));
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder addListener(RetryListener listener) {
      s.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets the shared retry budget. By default none.
     *
     * @param budget the budget, usually shared by every policy and client of one service
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder budget(RetryBudget budget) {
      s.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /** {@return this builder, without the budget} For a policy derived by {@link RetryPolicy#toBuilder()}. */
    public Builder withoutBudget() {
      s.budget = null;
      return this;
    }

    /** {@return this builder, without the rate limiter} For a policy derived by {@link RetryPolicy#toBuilder()}. */
    public Builder withoutRateLimiter() {
      s.rateLimiter = null;
      return this;
    }

    /** {@return this builder, without the deadline} For a policy derived by {@link RetryPolicy#toBuilder()}. */
    public Builder withoutMaxElapsed() {
      s.maxElapsed = null;
      return this;
    }

    /** {@return this builder, without any listener added so far or copied by {@link RetryPolicy#toBuilder()}} */
    public Builder clearListeners() {
      s.listeners.clear();
      return this;
    }

    /**
     * Sets the shared client-side rate limiter. By default none.
     *
     * @param rateLimiter the limiter, usually shared by every policy and client of one service
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder rateLimiter(AdaptiveRateLimiter rateLimiter) {
      s.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
      return this;
    }

    /**
     * Sets whether a server's {@code x-amz-retry-after} / {@code Retry-After} raises the backoff delay. By default
     * true.
     *
     * @param honour whether to honour server hints
     * @return this builder
     */
    public Builder honourRetryAfter(boolean honour) {
      s.honourRetryAfter = honour;
      return this;
    }

    /**
     * Sets the longest server hint honoured; a longer one is cut to this. By default 20 s.
     *
     * @param maxRetryAfter the longest hint honoured
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws NullPointerException if null
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      s.maxRetryAfter = Durations.nonNegative("maxRetryAfter", maxRetryAfter);
      return this;
    }

    /**
     * Sets the random source for jitter, values in {@code [0, 1)}. By default {@link ThreadLocalRandom}.
     *
     * @param random values in {@code [0, 1)}; MUST be thread-safe
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder random(DoubleSupplier random) {
      s.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the time source in nanoseconds, for the deadline and listeners. By default {@code System::nanoTime}.
     *
     * @param nanoTicker a monotonic nanosecond clock; MUST be thread-safe
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder nanoTicker(LongSupplier nanoTicker) {
      s.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
      return this;
    }

    /**
     * Sets how synchronous calls wait. By default {@link TimeUnit#sleep}.
     *
     * @param sleeper the sleeper; MUST be thread-safe
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder sleeper(Sleeper sleeper) {
      s.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets whether the calls may safely run more than once. A call that is not idempotent (a DynamoDB counter
     * {@code UpdateItem ... ADD}, S3 {@code CreateMultipartUpload}) is retried only after a failure that cannot have
     * executed: a throttle (the service refused the request) or a failure the classifier's
     * {@link ErrorClassifier#cannotHaveExecuted(Throwable)} recognises (connection refused, connect timeout, unknown
     * host). Any other retryable failure (a 5xx, a reset connection, a read timeout) ends the call as a non-retryable
     * one does, with reason {@link GiveUpReason#NOT_IDEMPOTENT}: rethrown unchanged when unchecked. By default true.
     *
     * @param idempotent whether running a call twice has the same effect as running it once
     * @return this builder
     */
    public Builder idempotent(boolean idempotent) {
      s.idempotent = idempotent;
      return this;
    }

    /** {@return a new immutable policy} */
    public RetryPolicy build() {
      return new RetryPolicy(s.frozenCopy());
    }
  }
}
