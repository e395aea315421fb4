package dev.cirrus.retry.internal;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorClassifier;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryListener;
import dev.cirrus.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The settings of a {@link RetryPolicy}, holding the defaults the policy documents: a builder's working copy,
 * validated by the builder's setters, or a built policy's own copy ({@link #frozenCopy()}), which nothing
 * changes afterwards. A working copy is not thread-safe; a frozen copy is safely published by the policy's
 * final field.
 */
public final class RetrySettings {
  private static final RetryPolicy.Sleeper THREAD_SLEEPER = TimeUnit.NANOSECONDS::sleep;

  public int maxAttempts = 3;
  /** Null: no deadline. */
  public Duration maxElapsed;
  public Backoff throttlingBackoff = Backoff.fullJitter(Duration.ofSeconds(1), Duration.ofSeconds(20));
  public Backoff transientBackoff = Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(20));
  public ErrorClassifier classifier = ErrorClassifier.aws();
  /** Modifiable in a working copy, unmodifiable in a frozen one. */
  public final List<Predicate<? super Throwable>> abortPredicates;
  /** Modifiable in a working copy, unmodifiable in a frozen one. */
  public final List<RetryListener> listeners;
  /** Null: no budget. */
  public RetryBudget budget;
  /** Null: no rate limiter. */
  public AdaptiveRateLimiter rateLimiter;
  public boolean honourRetryAfter = true;
  public Duration maxRetryAfter = Duration.ofSeconds(20);
  public DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
  public LongSupplier nanoTicker = System::nanoTime;
  public RetryPolicy.Sleeper sleeper = THREAD_SLEEPER;
  public boolean idempotent = true;

  /** A working copy holding the defaults. */
  public RetrySettings() {
    abortPredicates = new ArrayList<>();
    listeners = new ArrayList<>();
  }

  private RetrySettings(RetrySettings o, boolean frozen) {
    maxAttempts = o.maxAttempts;
    maxElapsed = o.maxElapsed;
    throttlingBackoff = o.throttlingBackoff;
    transientBackoff = o.transientBackoff;
    classifier = o.classifier;
    abortPredicates = frozen ? List.copyOf(o.abortPredicates) : new ArrayList<>(o.abortPredicates);
    listeners = frozen ? List.copyOf(o.listeners) : new ArrayList<>(o.listeners);
    budget = o.budget;
    rateLimiter = o.rateLimiter;
    honourRetryAfter = o.honourRetryAfter;
    maxRetryAfter = o.maxRetryAfter;
    random = o.random;
    nanoTicker = o.nanoTicker;
    sleeper = o.sleeper;
    idempotent = o.idempotent;
  }

  /** {@return a copy for a policy to keep, its lists unmodifiable} */
  public RetrySettings frozenCopy() {
    return new RetrySettings(this, true);
  }

  /** {@return a working copy for a builder} */
  public RetrySettings workingCopy() {
    return new RetrySettings(this, false);
  }

  /** Checks a maximum number of attempts, the first included: at least 1. */
  public static int requireValidMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    return maxAttempts;
  }

  /** The policy's {@code toString}: its settings without functions, predicates and listeners. */
  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", maxElapsed=" + maxElapsed + ", throttlingBackoff="
        + throttlingBackoff + ", transientBackoff=" + transientBackoff + ", budget=" + budget + ", rateLimiter="
        + rateLimiter + ", honourRetryAfter=" + honourRetryAfter + ", maxRetryAfter=" + maxRetryAfter + ", idempotent="
        + idempotent + "}";
  }
}
