package dev.cirrus.s3.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

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
 * never interrupted) and the number of part tasks not yet over, which Abort and Complete wait for. Threadsafe.
 */
final class UploadState implements StopSignal {
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

  private final Object lock = new Object();
  private final Set<Thread> running = new HashSet<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean cancelled;
  private Phase phase = Phase.RUNNING;
  private int pending;

  /** The current phase, for tests and diagnostics. */
  Phase phase() {
    synchronized (lock) {
      return phase;
    }
  }

  @Override
  public boolean stopped() {
    return cancelled || failure.get() != null;
  }

  /** Whether the upload was cancelled (by cancel(), or by the caller ending an OutputStream upload). */
  boolean cancelled() {
    return cancelled;
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
    synchronized (lock) {
      if (phase == Phase.COMPLETING || phase == Phase.DONE) {
        return false;
      }
      cancelled = true;
      phase = Phase.STOPPING;
      for (Thread t : running) {
        t.interrupt();
      }
    }
    return true;
  }

  /**
   * The caller ended an OutputStream upload without complete() (close() or abort()): marked cancelled like
   * {@link #cancel()}, RUNNING → STOPPING, without interrupts (the abort that follows sends them).
   */
  void markCancelled() {
    cancelled = true;
    toStopping();
  }

  /**
   * Records {@code cause} if it is the first failure; RUNNING → STOPPING.
   *
   * @return true if it was the first
   */
  boolean fail(Throwable cause) {
    boolean first = failure.compareAndSet(null, cause);
    toStopping();
    return first;
  }

  private void toStopping() {
    synchronized (lock) {
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
    synchronized (lock) {
      if (stopped() || phase != Phase.RUNNING) {
        return false;
      }
      phase = Phase.COMPLETING;
      return true;
    }
  }

  /** Any phase → DONE, just before the result future completes. */
  void settle() {
    synchronized (lock) {
      phase = Phase.DONE;
    }
  }

  /** Registers the calling thread as one that a cancellation interrupts. */
  void enter() {
    synchronized (lock) {
      running.add(Thread.currentThread());
    }
  }

  /** Unregisters the calling thread. */
  void leave() {
    synchronized (lock) {
      running.remove(Thread.currentThread());
    }
  }

  /** Interrupts every registered thread but the calling one. */
  void interruptOthers() {
    synchronized (lock) {
      for (Thread t : running) {
        if (t != Thread.currentThread()) {
          t.interrupt();
        }
      }
    }
  }

  /**
   * Runs a request whose response must not be lost to an interrupt (Create, Complete): the thread leaves the set
   * that cancel() interrupts and a pending interrupt is held back until the request is over.
   */
  <T> T uninterruptibly(Supplier<T> request) {
    Thread me = Thread.currentThread();
    boolean registered;
    synchronized (lock) {
      registered = running.remove(me);
    }
    boolean interrupted = Thread.interrupted();
    try {
      return request.get();
    } finally {
      if (registered) {
        synchronized (lock) {
          running.add(me);
        }
      }
      if (interrupted) {
        me.interrupt();
      }
    }
  }

  /** Counts a part task handed to the executor. */
  void partSubmitted() {
    synchronized (lock) {
      pending++;
    }
  }

  /** Counts a part task as over (in its {@code finally}). */
  void partDone() {
    synchronized (lock) {
      pending--;
      lock.notifyAll();
    }
  }

  /** Waits, uninterruptibly, until no part task is running; a pending interrupt is kept. */
  void awaitParts() {
    boolean interrupted = false;
    synchronized (lock) {
      while (pending > 0) {
        try {
          lock.wait();
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
    if (cancelled) {
      failure.compareAndSet(null, new CancellationException("cancelled"));
    }
  }
}
