package dev.cirrus.s3.internal;

import dev.cirrus.s3.MultipartUploadFailedException;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * What a producer (a file, a stream, the caller's OutputStream writes) may do with its upload: take part buffers,
 * hand filled parts over, and end the upload. The producers' whole view of the session. Threadsafe.
 */
interface PartSink extends StopSignal {
  /**
   * A part buffer of exactly {@code size} bytes from the upload's pool, blocking while the pool is used up.
   *
   * @throws java.util.concurrent.CancellationException if the upload stops (also while waiting)
   * @throws InterruptedException if interrupted while waiting
   */
  PartBuffer acquire(long size) throws InterruptedException;

  /** Returns a buffer that will not be handed over. */
  void release(PartBuffer buffer);

  /** Whether a multipart upload exists (created, or resumed): parts go to it and it must end in Complete or Abort. */
  boolean multipartStarted();

  /** Creates the multipart upload (not interruptible; a stop is seen before each attempt). */
  void create();

  /**
   * Hands part {@code partNumber} to a part task, which releases the buffer.
   *
   * @param reader fills the buffer on the part's task first, or null if the buffer is filled
   * @param existing the part S3 holds already for a resumed upload, or null
   */
  void submit(int partNumber, PartBuffer buffer, PartReader reader, Part existing);

  /** Stores {@code buffer} as the whole object with one PutObject and completes the upload; releases it. */
  void putSingle(PartBuffer buffer);

  /** Waits for the part tasks, then completes the upload of parts 1..{@code partCount}, or aborts it. */
  void finish(int partCount);

  /**
   * Records {@code cause} as the upload's failure if it is the first; the upload stops.
   *
   * @return true if it was the first
   */
  boolean recordFailure(Throwable cause);

  /** The first failure recorded, or null. */
  Throwable failure();

  /** Marks the upload cancelled by its caller (an OutputStream ended without complete()); it stops. */
  void markCancelled();

  /** Stops everything, waits until no part request runs, aborts, and fails the upload; returns that failure. */
  MultipartUploadFailedException abortAndFail();

  /** Whether the upload has its outcome (success or failure). */
  boolean done();
}
