package dev.cirrus.s3;

import java.io.OutputStream;

/**
 * An {@link OutputStream} whose bytes become one S3 object, uploaded in parts while the caller writes.
 *
 * <p>Protocol: callers MUST end every stream with either {@link #close()} (completes the upload; throws
 * {@link MultipartUploadFailedException} if it cannot) or {@link #abort()} (discards it). A stream that is
 * neither closed nor aborted leaves an incomplete multipart upload behind; use try-with-resources, and install
 * the lifecycle rule of {@link MultipartHousekeeping} as a backstop. {@code write} blocks while
 * {@code parallelism} parts are in flight, which bounds memory. If a part fails for good or the upload is
 * cancelled, the upload is aborted at once (by the writer's call in progress, or on a transfer thread while the
 * writer is between calls), and the next {@code write} or {@code close} throws
 * {@link MultipartUploadFailedException}.
 *
 * <p>This class is not threadsafe: one writer thread, except {@link Upload#cancel()} on {@link #upload()}.
 */
public abstract class MultipartOutputStream extends OutputStream {
  /** For the implementation. */
  protected MultipartOutputStream() {}

  /**
   * Returns the running upload (progress, upload id, cancellation, result).
   *
   * @return the running upload (progress, upload id, cancellation, result)
   */
  public abstract Upload upload();

  /**
   * Discards everything written and aborts the multipart upload, if one was created. Idempotent.
   *
   * @throws MultipartUploadFailedException never for the abort itself; if AbortMultipartUpload fails the
   *     exception available from {@code upload().result()} says so with {@code aborted() == false}
   */
  public abstract void abort();

  /**
   * Uploads the rest and completes the object.
   *
   * @throws MultipartUploadFailedException if the upload failed, was cancelled or aborted (after aborting it)
   */
  @Override
  public abstract void close();

  /** @throws MultipartUploadFailedException if the upload has failed (after aborting it) */
  @Override
  public abstract void write(byte[] b, int off, int len);

  /** @throws MultipartUploadFailedException if the upload has failed (after aborting it) */
  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  /** Does nothing: a part is sent when it is full, never earlier (S3 parts must be at least 5 MiB). */
  @Override
  public void flush() {}

  /** @throws MultipartUploadFailedException if the upload has failed (after aborting it) */
  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }
}
