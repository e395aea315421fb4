package dev.cirrus.retry.internal;

import dev.cirrus.retry.RetryPolicy;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One asynchronous call: attempts chain through the supplied stages, waits are scheduled on the scheduler,
 * no thread ever blocks. Cancelling {@link #result} cancels the pending scheduled attempt and the attempt in
 * flight.
 */
public final class AsyncRetry<T> {
  private final RetryExecutor executor;
  private final Supplier<? extends CompletionStage<T>> supplier;
  private final ScheduledExecutorService scheduler;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile Future<?> pending;
  private volatile CompletableFuture<T> inFlight;
  /**
   * 0, or 1 + the tokens paid for the scheduled attempt until it starts (it also holds a limiter slot when the
   * policy has a limiter); whoever takes it first (the attempt starting, or a cancellation) decides whether
   * they are spent or given back, so they are given back at most once.
   */
  private final AtomicInteger unstarted = new AtomicInteger();

  /**
   * Starts a call under {@code policy}; see {@link RetryPolicy#callAsync(String, Supplier, ScheduledExecutorService)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T> CompletableFuture<T> start(RetryPolicy policy, String key,
      Supplier<? extends CompletionStage<T>> supplier, ScheduledExecutorService scheduler) {
    Objects.requireNonNull(key, "resourceKey");
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(scheduler, "scheduler");
    return new AsyncRetry<T>(new RetryExecutor(policy, key), supplier, scheduler).start();
  }

  private AsyncRetry(RetryExecutor executor, Supplier<? extends CompletionStage<T>> supplier,
      ScheduledExecutorService scheduler) {
    this.executor = executor;
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
        giveBackUnstarted(unstarted.getAndSet(0));
      }
    });
  }

  private CompletableFuture<T> start() {
    RetryExecutor.Decision first = executor.start();
    if (first.givesUp()) {
      result.completeExceptionally(executor.giveUpException(true));
    } else if (first.delayNanos() > 0) {
      unstarted.set(1);
      schedule(first.delayNanos());
    } else {
      attempt();
    }
    return result;
  }

  private void giveBackUnstarted(int claimed) {
    if (claimed > 0) {
      executor.refundUnstarted(claimed - 1);
    }
  }

  private void schedule(long delayNanos) {
    if (result.isDone()) {
      giveBackUnstarted(unstarted.getAndSet(0));
      return;
    }
    try {
      Future<?> p = scheduler.schedule(this::attempt, delayNanos, TimeUnit.NANOSECONDS);
      pending = p;
      // Cancelled while scheduling: the cancellation handler may have seen the previous task, not this one.
      if (result.isDone()) {
        p.cancel(false);
      }
    } catch (RejectedExecutionException e) {
      giveBackUnstarted(unstarted.getAndSet(0));
      if (!executor.failures().isEmpty()) {
        e.addSuppressed(executor.failures().get(executor.failures().size() - 1));
      }
      result.completeExceptionally(e);
    }
  }

  private void attempt() {
    int claimed = unstarted.getAndSet(0);
    if (result.isDone()) {
      giveBackUnstarted(claimed);
      return;
    }
    try {
      executor.attemptStarting();
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
      f.whenComplete(this::onAttemptComplete);
    } catch (RuntimeException | Error e) {
      result.completeExceptionally(e);
    }
  }

  /**
   * Runs on whatever thread completes the attempt. Anything thrown here (a classifier, predicate, backoff or
   * random source that fails) completes the result, which would otherwise never complete.
   */
  private void onAttemptComplete(T value, Throwable failure) {
    try {
      if (failure == null) {
        executor.onSuccess();
        result.complete(value);
        return;
      }
      if (result.isDone()) {
        return;
      }
      RetryExecutor.Decision next = executor.onFailure(failure);
      if (next.givesUp()) {
        result.completeExceptionally(executor.giveUpException(true));
      } else {
        unstarted.set(executor.pendingRetryCost() + 1);
        if (result.isDone()) {
          giveBackUnstarted(unstarted.getAndSet(0));
          return;
        }
        schedule(next.delayNanos());
      }
    } catch (RuntimeException | Error e) {
      if (failure != null && e != failure) {
        e.addSuppressed(failure);
      }
      result.completeExceptionally(e);
    }
  }
}
