package dev.cirrus.s3.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The life of one upload: the one place where {@code cancel()}, a failure, Complete and the end of the upload
 * decide against each other (docs/design/s3-multipart.md, "Upload states").
 *
 * <pre>
 *                cancel() / first failure
 *   RUNNING ─────────────────────────────► STOPPING ── parts drained, Abort sent ──► DONE (failed)
 *     │  │                                    ▲ cancel() accepted again (true)
 *     │  └─ PutObject answered ───────────────┼──────────────────────────────────► DONE (succeeded)
 *     │                                       │ (a stop found by finish(): abort)
 *     └─ finish(): parts drained, not stopped ┴► COMPLETING ── Complete answered ─► DONE (succeeded)
 *                                                  │ Complete failed, parts missing, checksum mismatch
 *                                                  └──────────── Abort sent ──────► DONE (failed)
 * </pre>
 *
 * <p>{@link #cancel()} is accepted in RUNNING and STOPPING and refused in COMPLETING (Complete may have been
 * sent: the result then reports the real outcome) and DONE. A failure moves RUNNING to STOPPING and leaves
 * COMPLETING as it is, so a cancel() stays refused while that Complete's abort runs. DONE is entered just
 * before the result future completes, so a cancel() that loses that race returns false.
 *
 * <p>Besides the phase this holds what the transitions act on: the threads that may be interrupted (a part
 * task or the producer, registered only while it works for this upload, so a pooled thread that moved on is
 * never interrupted) and the number of part tasks not yet over, which Abort and Complete wait for. The cancelled
 * flag, the thread set and the decision of a cancellation under the thread set's lock are the ones downloads use
 * too ({@link TransferStop}); the phase, the failure and the part count are guarded by the same lock.
 * Threadsafe.
 */
final class UploadState extends TransferStop {
  /** The phases of an upload; see the class comment for the transitions. */
  enum Phase {
    /** The producer fills parts and part tasks upload them; nothing has stopped. */
    RUNNING,
    /** Cancelled or failed: the producer stops, part tasks drain, then the upload is aborted. */
    STOPPING,
    /** Every part was acknowledged and CompleteMultipartUpload may have been sent; cancel() refuses. */
    COMPLETING,
    /** The result future is (being) completed. */
    DONE
  }

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Phase phase = Phase.RUNNING;
  private int pending;

  UploadState() {
    super("upload");
  }

  /** The current phase, for tests and diagnostics. */
  Phase phase() {
    synchronized (lock()) {
      return phase;
    }
  }

  @Override
  public boolean stopped() {
    return cancelled() || failure.get() != null;
  }

  /** The first failure recorded, or null. */
  Throwable failure() {
    return failure.get();
  }

  /**
   * RUNNING or STOPPING → STOPPING: marks the upload cancelled and interrupts its registered threads.
   *
   * @return false, changing nothing, in COMPLETING and DONE
   */
  boolean cancel() {
    return cancelIf(() -> {
      if (phase == Phase.COMPLETING || phase == Phase.DONE) {
        return false;
      }
      phase = Phase.STOPPING;
      return true;
    });
  }

  /**
   * The caller ended an OutputStream upload without complete() (close() or abort()): marked cancelled like
   * {@link #cancel()}, RUNNING → STOPPING, without interrupts (the abort that follows sends them).
   */
  @Override
  void markCancelled() {
    super.markCancelled();
    toStopping();
  }

  /**
   * Records {@code cause} if it is the first failure; RUNNING → STOPPING.
   *
   * @return true if it was the first
   */
  boolean fail(Throwable cause) {
    boolean first = failure.compareAndSet(null, cause);
    stop();
    toStopping();
    return first;
  }

  private void toStopping() {
    synchronized (lock()) {
      if (phase == Phase.RUNNING) {
        phase = Phase.STOPPING;
      }
    }
  }

  /**
   * After the part tasks drained: RUNNING → COMPLETING unless the upload has stopped.
   *
   * @return true if Complete may be sent; false if the upload must be aborted instead
   */
  boolean beginComplete() {
    synchronized (lock()) {
      if (stopped() || phase != Phase.RUNNING) {
        return false;
      }
      phase = Phase.COMPLETING;
      return true;
    }
  }

  /** Any phase → DONE, just before the result future completes. */
  void settle() {
    synchronized (lock()) {
      phase = Phase.DONE;
    }
  }

  /** Counts a part task handed to the executor. */
  void partSubmitted() {
    synchronized (lock()) {
      pending++;
    }
  }

  /** Counts a part task as over (in its {@code finally}). */
  void partDone() {
    synchronized (lock()) {
      pending--;
      lock().notifyAll();
    }
  }

  /** Waits, uninterruptibly, until no part task is running; a pending interrupt is kept. */
  void awaitParts() {
    boolean interrupted = false;
    synchronized (lock()) {
      while (pending > 0) {
        try {
          lock().wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** When the upload was cancelled and nothing failed, records the cancellation as its failure. */
  void recordCancellation() {
    if (cancelled()) {
      failure.compareAndSet(null, new CancellationException("cancelled"));
    }
  }
}
