package dev.cirrus.s3;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running upload started by {@link S3Transfers}.
 *
 * <p>Implementations are threadsafe.
 */
public interface Upload {
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
   * Returns the multipart upload id once CreateMultipartUpload has answered; empty before, and for inputs below
   * the single-request threshold. Record it to {@link S3Transfers#resumeUpload resume} after a crash.
   *
   * @return the upload id, if there is one yet
   */
  Optional<String> uploadId();

  /**
   * Returns the progress so far.
   *
   * @return the progress so far
   */
  TransferProgress progress();

  /**
   * Cancels the upload: no new part starts, parts in flight are interrupted, and the multipart upload is
   * aborted; {@link #result()} then fails with a {@link MultipartUploadFailedException} whose
   * {@code cancelled()} is true. Idempotent; does not wait for the abort.
   *
   * <p>A CreateMultipartUpload in flight is not interrupted (its upload id would be lost and the upload could
   * never be aborted): the abort follows its answer. For a {@link MultipartOutputStream}, which has no thread of
   * its own, the abort happens in the writer's blocked {@code write} or {@code complete} if it is inside one,
   * and otherwise at once on a transfer thread; the writer's next call throws the failure. The writer MUST still
   * call {@code close} or {@code abort}.
   *
   * @return false if the upload had already finished, or CompleteMultipartUpload had already been sent (the
   *     upload then completes or fails on its own)
   */
  boolean cancel();

  /**
   * Returns the outcome; it fails with {@link MultipartUploadFailedException}. Each call returns the same future.
   * Cancelling it cancels the upload like {@link #cancel()} (and is refused, returning false, whenever
   * {@link #cancel()} would be); completing it or timing it out (for example with {@code orTimeout}) affects only
   * that future, never the upload.
   *
   * @return the outcome; it fails with {@link MultipartUploadFailedException}
   */
  CompletableFuture<UploadResult> result();

  /**
   * Waits for the outcome.
   *
   * @return the outcome
   * @throws MultipartUploadFailedException if the upload failed or was cancelled (after aborting it)
   */
  UploadResult join();
}
