package dev.cirrus.s3;

import java.util.concurrent.RejectedExecutionException;

/**
 * {@link S3Transfers#close()} was called: a transfer started afterwards, or one still running that needed a new
 * part or range task, cannot go on. A running upload then fails with {@link MultipartUploadFailedException} and a
 * running download with {@link DownloadFailedException}, each with this exception as the cause (the upload
 * aborted as on any failure). It is a {@link RejectedExecutionException}, which is what the transfer methods
 * documented for a closed instance.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public final class TransfersClosedException extends RejectedExecutionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public TransfersClosedException() {
    super("transfers closed: S3Transfers.close() was called, so no new part, range or transfer can start");
  }
}
