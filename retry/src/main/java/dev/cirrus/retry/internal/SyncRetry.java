package dev.cirrus.retry.internal;

import dev.cirrus.retry.RetryPolicy;
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
    RetryExecutor executor = new RetryExecutor(policy, key);
    RetryPolicy.Sleeper sleeper = policy.sleeper();
    RetryExecutor.Decision next = executor.start();
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
        if (e instanceof InterruptedException) {
          // The callable gave up because this thread was interrupted: keep the interrupt for our caller.
          Thread.currentThread().interrupt();
        }
        try {
          next = executor.onFailure(e);
        } catch (RuntimeException | Error policyFailure) {
          policyFailure.addSuppressed(e);
          throw policyFailure;
        }
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
}
