package dev.cirrus.s3.internal;

import dev.cirrus.s3.MultipartOutputStream;
import dev.cirrus.s3.MultipartUploadFailedException;
import dev.cirrus.s3.PartPlan;
import dev.cirrus.s3.PartSizePolicy;
import dev.cirrus.s3.Upload;
import dev.cirrus.s3.UploadResult;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The caller's stream of an OutputStream upload: the caller's writes are the producer of its upload, which they
 * reach through a {@link PartSink}.
 * Only {@link #complete()} completes the object; {@link #close()} without it aborts, so an exception thrown by the
 * caller's own code inside try-with-resources can never commit a truncated object.
 */
final class OutputStreamUpload extends MultipartOutputStream {
  /** The cause of the failure {@link #close()} reports when {@link #complete()} was not called. */
  static final String NOT_COMPLETED = "close() was called before complete(): the upload was aborted and nothing"
      + " was stored";

  private final PartSink s;
  private final Upload upload;
  private final PartPlan plan;
  private final Executor executor;
  private final long singleRequestThresholdBytes;
  private PartBuffer current;
  private int partNumber;
  /** Set once the stream has ended: completed, aborted, failed, or closed without complete(). */
  private boolean closed;
  /**
   * Held by the writer during each call, and by the abort that runs when the upload stops while the writer is
   * away; so the stream's state has one owner at a time. A semaphore, because that abort runs on another thread
   * than the one that took it.
   */
  private final Semaphore gate = new Semaphore(1);
  /** The failure of an abort that ran while the writer was away; the writer's next call reports it. */
  private MultipartUploadFailedException failedWhileAway;

  /**
   * A stream whose writes go to {@code s}.
   *
   * @param s the upload the writes go to
   * @param upload the same upload, as the caller sees it
   * @param executor where an abort runs when the upload stops while the writer is away
   */
  OutputStreamUpload(PartSink s, Upload upload, PartPlan plan, Executor executor, long singleRequestThresholdBytes) {
    this.s = s;
    this.upload = upload;
    this.plan = plan;
    this.executor = executor;
    this.singleRequestThresholdBytes = singleRequestThresholdBytes;
  }

  /**
   * Called when the upload stops (cancel, a part failed for good). If the writer is inside a call it sees the
   * stop there (its blocking points wake up); otherwise the abort runs now on a transfer thread instead of
   * waiting for the writer's next call.
   */
  void abortIfIdle() {
    if (!gate.tryAcquire()) {
      return;
    }
    boolean handedOver = false;
    try {
      if (!closed && !s.done()) {
        executor.execute(() -> {
          try {
            failedWhileAway = fail(new CancellationException("upload stopped"));
          } finally {
            gate.release();
          }
        });
        handedOver = true;
      }
    } catch (RejectedExecutionException e) {
      // S3Transfers is closed: the writer's next call aborts
    } finally {
      if (!handedOver) {
        gate.release();
      }
    }
  }

  private void enter() {
    gate.acquireUninterruptibly();
    if (failedWhileAway != null) {
      MultipartUploadFailedException f = failedWhileAway;
      gate.release();
      throw f;
    }
  }

  private void leave() {
    gate.release();
    if (!closed && s.stopped()) {
      abortIfIdle(); // a stop that came while this call held the gate
    }
  }

  @Override
  public Upload upload() {
    return upload;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    enter();
    try {
      writeEntered(b, off, len);
    } finally {
      leave();
    }
  }

  private void writeEntered(byte[] b, int off, int len) {
    if (closed) {
      throw new IllegalStateException("stream is closed");
    }
    try {
      s.throwIfStopped();
      while (len > 0) {
        if (current == null) {
          if (partNumber == PartSizePolicy.MAX_PARTS) {
            throw new IllegalStateException("stream is longer than the " + plan.capacityBytes()
                + " bytes 10,000 parts can hold (raise unknownLengthCapacityBytes)");
          }
          current = s.acquire(plan.partSizeBytes(partNumber + 1));
          partNumber++;
        }
        int n = current.append(b, off, len);
        off += n;
        len -= n;
        if (current.isFull()) {
          if (!s.multipartStarted()) {
            s.create();
          }
          PartBuffer full = current;
          current = null;
          s.submit(partNumber, full, null, null);
        }
      }
    } catch (Throwable t) {
      throw fail(t);
    }
  }

  private MultipartUploadFailedException fail(Throwable t) {
    closed = true;
    if (current != null) {
      s.release(current);
      current = null;
    }
    if (!(t instanceof CancellationException)) {
      s.recordFailure(t);
    }
    return s.abortAndFail();
  }

  @Override
  public UploadResult complete() {
    gate.acquireUninterruptibly();
    MultipartUploadFailedException away = failedWhileAway;
    failedWhileAway = null; // reported once
    try {
      if (away != null) {
        throw away;
      }
      return completeEntered();
    } finally {
      leave();
    }
  }

  private UploadResult completeEntered() {
    if (closed) {
      return upload.join(); // the result of the earlier complete(), or the failure that ended the stream
    }
    try {
      s.throwIfStopped();
      if (!s.multipartStarted()) {
        PartBuffer buf = current != null ? current : s.acquire(0);
        current = null;
        if (buf.length() < singleRequestThresholdBytes) {
          closed = true;
          s.putSingle(buf);
          return upload.join();
        }
        s.create();
        partNumber = 1;
        s.submit(1, buf, null, null);
      } else if (current != null) {
        PartBuffer last = current;
        current = null;
        if (last.length() == 0) {
          s.release(last);
          partNumber--;
        } else {
          s.submit(partNumber, last, null, null);
        }
      }
      closed = true;
      s.finish(partNumber);
      return upload.join();
    } catch (MultipartUploadFailedException e) {
      throw e;
    } catch (Throwable t) {
      throw fail(t);
    }
  }

  @Override
  public void close() {
    gate.acquireUninterruptibly();
    MultipartUploadFailedException away = failedWhileAway;
    failedWhileAway = null; // reported once
    try {
      if (away != null) {
        throw away;
      }
      if (!closed) {
        // Not completed: whatever was written is discarded, and the caller is told so.
        if (s.recordFailure(new CancellationException(NOT_COMPLETED))) {
          s.markCancelled();
        }
        throw fail(s.failure());
      }
    } finally {
      leave();
    }
  }

  @Override
  public void abort() {
    gate.acquireUninterruptibly();
    try {
      if (closed && s.done()) {
        return;
      }
      s.markCancelled();
      fail(new CancellationException("aborted by the caller"));
    } finally {
      gate.release();
    }
  }
}
