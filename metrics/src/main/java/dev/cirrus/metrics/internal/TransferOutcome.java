package dev.cirrus.metrics.internal;

import dev.cirrus.s3.DownloadFailedException;
import dev.cirrus.s3.MultipartUploadFailedException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How a tracked transfer ended, as the {@code outcome} tag says it. Immutable and threadsafe. */
public enum TransferOutcome {
  /** The result completed normally. */
  SUCCEEDED,
  /** The transfer failed on its own. */
  FAILED,
  /** The caller cancelled the transfer (or its result future). */
  CANCELLED;

  /**
   * Classifies the failure a transfer's result future completed with.
   *
   * @param failure the failure, possibly wrapped in a {@link CompletionException}
   * @return {@link #CANCELLED} for a cancelled upload or download, else {@link #FAILED}
   */
  public static TransferOutcome ofFailure(Throwable failure) {
    Throwable f = unwrap(failure);
    if (f instanceof CancellationException) {
      return CANCELLED;
    }
    if (f instanceof MultipartUploadFailedException) {
      return ((MultipartUploadFailedException) f).cancelled() ? CANCELLED : FAILED;
    }
    if (f instanceof DownloadFailedException && f.getCause() instanceof CancellationException) {
      return CANCELLED;
    }
    return FAILED;
  }

  /**
   * Returns whether the failure says that a multipart upload was left open (created, and not aborted).
   *
   * @param failure the failure, possibly wrapped in a {@link CompletionException}
   * @return whether an incomplete multipart upload is left behind
   */
  public static boolean leftUploadOpen(Throwable failure) {
    Throwable f = unwrap(failure);
    return f instanceof MultipartUploadFailedException && !((MultipartUploadFailedException) f).aborted();
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable f = failure;
    while ((f instanceof CompletionException || f instanceof ExecutionException) && f.getCause() != null) {
      f = f.getCause();
    }
    return f;
  }
}
