package dev.cirrus.s3;

import java.io.OutputStream;

/**
 * An {@link OutputStream} whose bytes become one S3 object, uploaded in parts while the caller writes.
 *
 * <p>Protocol: the object exists only after {@link #complete()} returns. Callers MUST end every stream with
 * {@link #complete()} (uploads the rest and completes the object), {@link #abort()} (discards it) or
 * {@link #close()}. {@code close()} after {@code complete()} or {@code abort()} does nothing; {@code close()}
 * without either aborts the upload and throws {@link MultipartUploadFailedException} (naming the upload id, with
 * {@code cancelled() == true} and {@code aborted()} saying whether the abort succeeded), so that nobody is left
 * believing the data was stored. Hence the safe pattern:
 *
 * <pre>{@code
 * try (MultipartOutputStream out = transfers.openOutputStream(bucket, key)) {
 *   write(out);              // if this throws, close() aborts: no truncated object is ever committed,
 *   out.complete();          // and the abort is recorded as a suppressed exception of the caller's
 * }
 * }</pre>
 *
 * <p>A stream that is never ended leaves an incomplete multipart upload behind; install the lifecycle rule of
 * {@link MultipartHousekeeping} as a backstop. {@code write} blocks while {@code parallelism} parts are in
 * flight, which bounds memory. If a part fails for good or the upload is cancelled, the upload is aborted at once
 * (by the writer's call in progress, or on a transfer thread while the writer is between calls), and the next
 * {@code write}, {@code complete} or {@code close} throws {@link MultipartUploadFailedException}.
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
   * Uploads the rest and completes the object (one PutObject if fewer than {@code singleRequestThresholdBytes}
   * were written and no part was sent). After it returns, {@code write} throws {@link IllegalStateException} and
   * {@code close()} does nothing. Calling it again returns the same result.
   *
   * @return the outcome
   * @throws MultipartUploadFailedException if the upload failed, was cancelled or aborted (after aborting it)
   */
  public abstract UploadResult complete();

  /**
   * Discards everything written and aborts the multipart upload, if one was created. Idempotent; does nothing
   * after {@link #complete()} returned.
   *
   * @throws MultipartUploadFailedException never for the abort itself; if AbortMultipartUpload fails the
   *     exception available from {@code upload().result()} says so with {@code aborted() == false}
   */
  public abstract void abort();

  /**
   * Ends the stream. After {@link #complete()} or {@link #abort()} (or a failure already thrown) it does nothing.
   * Otherwise the object was not completed: the upload is aborted (nothing is stored) and this method says so.
   *
   * @throws MultipartUploadFailedException if {@link #complete()} was not called (after aborting the upload; the
   *     cause is a {@link java.util.concurrent.CancellationException} saying why), or if the upload failed while
   *     the writer was between calls
   */
  @Override
  public abstract void close();

  /**
   * Writes {@code len} bytes; blocks while {@code parallelism} parts are in flight.
   *
   * @throws MultipartUploadFailedException if the upload has failed (after aborting it)
   * @throws IllegalStateException if the stream was completed, aborted or closed
   */
  @Override
  public abstract void write(byte[] b, int off, int len);

  /**
   * Writes {@code b}; see {@link #write(byte[], int, int)}.
   *
   * @throws MultipartUploadFailedException if the upload has failed (after aborting it)
   */
  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  /** Does nothing: a part is sent when it is full, never earlier (S3 parts must be at least 5 MiB). */
  @Override
  public void flush() {}

  /**
   * Writes one byte; see {@link #write(byte[], int, int)}.
   *
   * @throws MultipartUploadFailedException if the upload has failed (after aborting it)
   */
  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }
}
