package dev.cirrus.s3;

import java.util.concurrent.CompletableFuture;

/**
 * A running download to a file started by {@link S3Transfers#startDownload}.
 *
 * <p>Implementations are threadsafe.
 */
public interface Download {
  /**
   * Returns the bucket.
   *
   * @return the bucket
   */
  String bucket();

  /**
   * Returns the key.
   *
   * @return the key
   */
  String key();

  /**
   * Cancels the download: no new range request starts, response bodies being read are aborted, ranges in flight
   * and their retry back-offs are interrupted, the temporary file is deleted and the range buffers are released
   * (a request stalled inside a sync client before its response is not waited for; it returns its buffer when
   * it ends); the target file is left as it was. {@link #result()} then fails with a {@link DownloadFailedException} whose cause is a
   * {@link java.util.concurrent.CancellationException}. Idempotent; does not wait.
   *
   * @return false if the download had already finished
   */
  boolean cancel();

  /**
   * Returns the outcome; it fails with {@link DownloadFailedException} (or {@link ObjectChangedException}). Each
   * call returns the same future. Cancelling it cancels the download like {@link #cancel()}; completing it
   * affects only that future.
   *
   * @return the outcome; it fails with {@link DownloadFailedException} (or {@link ObjectChangedException})
   */
  CompletableFuture<DownloadResult> result();

  /**
   * Waits for the outcome.
   *
   * @return the outcome
   * @throws DownloadFailedException if the download failed or was cancelled; the target file is unchanged
   */
  DownloadResult join();
}
