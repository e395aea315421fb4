package dev.cirrus.s3;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running upload started by {@link S3Transfers}.
 *
 * <p>Implementations are threadsafe.
 */
public interface Upload {
  /** Returns the bucket. */
  String bucket();

  /** Returns the key. */
  String key();

  /**
   * Returns the multipart upload id once CreateMultipartUpload has answered; empty before, and for inputs below
   * the single-request threshold. Record it to {@link S3Transfers#resumeUpload resume} after a crash.
   */
  Optional<String> uploadId();

  /** Returns the progress so far. */
  TransferProgress progress();

  /**
   * Cancels the upload: no new part starts, parts in flight are interrupted, and the multipart upload is
   * aborted; {@link #result()} then fails with a {@link MultipartUploadFailedException} whose
   * {@code cancelled()} is true. Returns false if the upload had already finished.
   */
  boolean cancel();

  /** Returns the outcome; it fails with {@link MultipartUploadFailedException}. */
  CompletableFuture<UploadResult> result();

  /**
   * Waits for the outcome.
   *
   * @throws MultipartUploadFailedException if the upload failed or was cancelled (after aborting it)
   */
  UploadResult join();
}
