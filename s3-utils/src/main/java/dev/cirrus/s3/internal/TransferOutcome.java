package dev.cirrus.s3.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The outcome of one transfer: the session's own future, which only the session completes, and the view that
 * {@code result()} hands to callers. Completing, obtruding or timing out the view ({@code orTimeout}) cannot
 * reach the outcome; cancelling the view cancels the transfer; the view completes with the outcome's failure
 * unwrapped from its {@link CompletionException}. Uploads and downloads both keep their outcome here. Threadsafe.
 *
 * @param <R> the result of the transfer
 */
final class TransferOutcome<R> {
  private final CompletableFuture<R> outcome = new CompletableFuture<>();
  private final CompletableFuture<R> view;

  /**
   * @param cancel cancels the transfer, returning false when it refuses (finished, or past the point of no
   *     return); the view is then not cancelled
   * @param beforeView runs once the outcome is known, before the view completes
   */
  TransferOutcome(BooleanSupplier cancel, Runnable beforeView) {
    this.view = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel.getAsBoolean() && super.cancel(mayInterruptIfRunning);
      }
    };
    outcome.whenComplete((r, t) -> {
      beforeView.run();
      if (t == null) {
        view.complete(r);
      } else {
        view.completeExceptionally(Futures.unwrap(t));
      }
    });
  }

  /** The session's own future. */
  CompletableFuture<R> outcome() {
    return outcome;
  }

  /** What callers get from {@code result()}. */
  CompletableFuture<R> view() {
    return view;
  }

  boolean isDone() {
    return outcome.isDone();
  }

  boolean complete(R r) {
    return outcome.complete(r);
  }

  boolean completeExceptionally(Throwable t) {
    return outcome.completeExceptionally(t);
  }

  /**
   * Waits for the outcome; a failure of {@code failureType} is thrown as itself, any other as the
   * {@link CompletionException} of {@link CompletableFuture#join()}.
   */
  <E extends RuntimeException> R join(Class<E> failureType) {
    try {
      return outcome.join();
    } catch (CompletionException e) {
      if (failureType.isInstance(e.getCause())) {
        throw failureType.cast(e.getCause());
      }
      throw e;
    }
  }

  /** The failure of {@code failureType} the transfer already ended with, or null (not ended, succeeded, other). */
  <E extends RuntimeException> E earlierFailure(Class<E> failureType) {
    if (!outcome.isDone()) {
      return null;
    }
    try {
      outcome.join();
      return null;
    } catch (CompletionException | CancellationException e) {
      return failureType.isInstance(e.getCause()) ? failureType.cast(e.getCause()) : null;
    }
  }
}
