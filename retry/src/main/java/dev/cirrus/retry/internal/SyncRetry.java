package dev.cirrus.retry.internal;

import dev.cirrus.retry.RetryListener;
import dev.cirrus.retry.RetryPolicy;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One synchronous call: attempts run on the calling thread, which waits out each delay with the policy's
 * {@link RetryPolicy.Sleeper}; the call's {@link RetryExecutor} decides. The driver of
 * {@link RetryPolicy#call(String, Callable)}, as {@link AsyncRetry} is of {@code callAsync}.
 */
public final class SyncRetry {
  private SyncRetry() {}

  /**
   * Runs {@code callable} under {@code policy} until it succeeds or the call's executor gives up.
   *
   * @return the first successful result
   * @throws RuntimeException what {@link RetryPolicy#call(String, Callable)} documents
   * @throws NullPointerException if {@code key} or {@code callable} is null
   */
  public static <T> T call(RetryPolicy policy, String key, Callable<T> callable) {
    Objects.requireNonNull(key, "resourceKey");
    Objects.requireNonNull(callable, "callable");
    if (policy.rateLimiter().isPresent()) {
      RetryExecutor executor = new RetryExecutor(policy, key);
      return loop(policy, executor, executor.start(), callable);
    }
    // No limiter slot to wait for: make the first attempt before creating the call's executor, which a call that
    // succeeds at once never needs, and read the clock only for a deadline or a listener that times calls. A
    // first attempt that succeeds then costs the listeners' own work and no allocation.
    List<RetryListener> listeners = policy.listeners();
    boolean timed = ListenerEvents.timed(listeners);
    boolean clocked = timed || policy.maxElapsed().isPresent();
    long start = clocked ? policy.nanoTicker().getAsLong() : 0L;
    ListenerEvents.attempt(listeners, 1);
    T value;
    try {
      value = callable.call();
    } catch (Exception e) {
      RetryExecutor executor = RetryExecutor.afterFirstAttempt(policy, key, timed, start);
      return loop(policy, executor, decide(executor, e), callable);
    }
    RetryExecutor.succeededBeforeCreated(policy);
    if (!listeners.isEmpty()) {
      ListenerEvents.success(listeners, 1, timed ? policy.nanoTicker().getAsLong() - start : -1L);
    }
    return value;
  }

  private static <T> T loop(RetryPolicy policy, RetryExecutor executor, RetryExecutor.Decision first,
      Callable<T> callable) {
    RetryPolicy.Sleeper sleeper = policy.sleeper();
    RetryExecutor.Decision next = first;
    while (!next.givesUp()) {
      if (next.delayNanos() > 0) {
        try {
          sleeper.sleep(next.delayNanos());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw executor.interruptedWaiting(e);
        }
      }
      executor.attemptStarting();
      T value;
      try {
        value = callable.call();
      } catch (Exception e) {
        next = decide(executor, e);
        continue;
      }
      executor.onSuccess();
      return value;
    }
    Throwable t = executor.giveUpException(false);
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw (RuntimeException) t;
  }

  private static RetryExecutor.Decision decide(RetryExecutor executor, Exception e) {
    if (e instanceof InterruptedException) {
      // The callable gave up because this thread was interrupted: keep the interrupt for our caller.
      Thread.currentThread().interrupt();
    }
    try {
      return executor.onFailure(e);
    } catch (RuntimeException | Error policyFailure) {
      policyFailure.addSuppressed(e);
      throw policyFailure;
    }
  }
}
