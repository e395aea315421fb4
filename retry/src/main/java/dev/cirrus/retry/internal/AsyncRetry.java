package dev.cirrus.retry.internal;

import dev.cirrus.retry.RetryPolicy;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One asynchronous call: attempts chain through the supplied stages, waits are scheduled on the scheduler,
 * no thread ever blocks. Cancelling {@link #result} cancels the pending scheduled attempt and the attempt in
 * flight.
 */
public final class AsyncRetry<T> {
  private final RetryPolicy policy;
  private final RetryState state;
  private final Supplier<? extends CompletionStage<T>> supplier;
  private final ScheduledExecutorService scheduler;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile Future<?> pending;
  private volatile CompletableFuture<T> inFlight;

  public AsyncRetry(RetryPolicy policy, String key, Supplier<? extends CompletionStage<T>> supplier,
      ScheduledExecutorService scheduler) {
    this.policy = policy;
    this.state = RetryEngine.newState(policy, key);
    this.supplier = supplier;
    this.scheduler = scheduler;
    result.whenComplete((v, e) -> {
      if (result.isCancelled()) {
        Future<?> p = pending;
        if (p != null) {
          p.cancel(false);
        }
        CompletableFuture<T> f = inFlight;
        if (f != null) {
          f.cancel(true);
        }
      }
    });
  }

  public CompletableFuture<T> start() {
    long wait = RetryEngine.initialWait(policy, state);
    if (wait > 0) {
      schedule(wait);
    } else {
      attempt();
    }
    return result;
  }

  private void schedule(long delayNanos) {
    if (result.isDone()) {
      return;
    }
    try {
      pending = scheduler.schedule(this::attempt, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
  }

  private void attempt() {
    if (result.isDone()) {
      return;
    }
    RetryEngine.attemptStarting(policy, state);
    CompletableFuture<T> f;
    try {
      CompletionStage<T> stage = supplier.get();
      if (stage == null) {
        throw new NullPointerException("supplier returned a null CompletionStage");
      }
      f = stage.toCompletableFuture();
    } catch (RuntimeException | Error e) {
      f = CompletableFuture.failedFuture(e);
    }
    inFlight = f;
    if (result.isCancelled()) {
      f.cancel(true);
      return;
    }
    f.whenComplete((value, failure) -> {
      if (failure == null) {
        RetryEngine.onSuccess(policy, state);
        result.complete(value);
        return;
      }
      if (result.isDone()) {
        return;
      }
      long delay = RetryEngine.onFailure(policy, state, failure, Optional.empty());
      if (delay < 0) {
        result.completeExceptionally(RetryEngine.giveUpException(policy, state, true));
      } else {
        schedule(delay);
      }
    });
  }
}
