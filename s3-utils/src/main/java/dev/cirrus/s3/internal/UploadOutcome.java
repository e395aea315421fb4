package dev.cirrus.s3.internal;

import dev.cirrus.s3.MultipartUploadFailedException;
import dev.cirrus.s3.UploadResult;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The outcome of one upload: the future the session completes exactly once, and the view of it that callers get
 * from {@code result()}. Threadsafe.
 */
final class UploadOutcome {
  private final CompletableFuture<UploadResult> result = new CompletableFuture<>();
  private final CompletableFuture<UploadResult> view;

  /** @param cancel cancels the upload; returns false if it refused (finished, or Complete sent) */
  UploadOutcome(BooleanSupplier cancel) {
    // Completing, obtruding or timing out the view (orTimeout) cannot reach the session's own outcome, and
    // cancelling it cancels the upload.
    view = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        // refused once finished or once Complete was sent: the future then reports the real outcome
        return cancel.getAsBoolean() && super.cancel(mayInterruptIfRunning);
      }
    };
    result.whenComplete((r, t) -> {
      if (t == null) {
        view.complete(r);
      } else {
        view.completeExceptionally(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
      }
    });
  }

  /** What callers get from {@code result()}. */
  CompletableFuture<UploadResult> view() {
    return view;
  }

  boolean isDone() {
    return result.isDone();
  }

  /** Completes with success, unless already complete. */
  void succeed(UploadResult r) {
    result.complete(r);
  }

  /** Completes with {@code e}; returns false if already complete. */
  boolean fail(MultipartUploadFailedException e) {
    return result.completeExceptionally(e);
  }

  /**
   * Waits for the outcome.
   *
   * @throws MultipartUploadFailedException if the upload failed
   */
  UploadResult join() {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof MultipartUploadFailedException) {
        throw (MultipartUploadFailedException) e.getCause();
      }
      throw e;
    }
  }

  /** The failure the upload already ended with, or null (not ended, or succeeded). */
  MultipartUploadFailedException earlierFailure() {
    if (!result.isDone()) {
      return null;
    }
    try {
      result.join();
      return null;
    } catch (CompletionException | CancellationException ex) {
      return ex.getCause() instanceof MultipartUploadFailedException
          ? (MultipartUploadFailedException) ex.getCause() : null;
    }
  }
}
