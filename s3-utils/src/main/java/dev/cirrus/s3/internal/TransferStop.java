package dev.cirrus.s3.internal;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The stop signal of one transfer, shared by uploads ({@link UploadState}) and downloads ({@link DownloadStop}):
 * whether it is stopped (no request starts any more, after a failure or a cancellation) and whether it was
 * cancelled, and the {@link RunningThreads} that a cancellation interrupts. A cancellation is decided, its flags
 * set and its interrupts sent under one lock, the thread set's, which subclasses also use for state of their
 * own ({@link #lock()}). Threadsafe.
 */
class TransferStop implements StopSignal {
  /** The threads working for the transfer; each leaves before moving on, so a pooled thread is never hit. */
  private final RunningThreads running = new RunningThreads();
  /** "upload" or "download", for the messages of the exceptions thrown here. */
  private final String transfer;
  private volatile boolean stopped;
  private volatile boolean cancelled;

  TransferStop(String transfer) {
    this.transfer = transfer;
  }

  /** The lock that {@link #cancelIf(BooleanSupplier)} and the thread set hold; subclasses may wait on it. */
  final Object lock() {
    return running;
  }

  @Override
  public boolean stopped() {
    return stopped;
  }

  /** Whether the transfer was cancelled. */
  final boolean cancelled() {
    return cancelled;
  }

  /**
   * Throws the {@link CancellationException} that ends a request attempt of a stopped transfer.
   *
   * @throws CancellationException ("upload stopped", "download stopped") once {@link #stopped()}
   */
  @Override
  public final void throwIfStopped() {
    if (stopped()) {
      throw new CancellationException(transfer + " stopped");
    }
  }

  /**
   * Cancels the transfer unless {@code accept}, asked under {@link #lock()}, refuses (it may change state of
   * the subclass's under that lock when it accepts): marks it cancelled and stopped and interrupts its threads.
   *
   * @return whether the transfer was cancelled
   */
  final boolean cancelIf(BooleanSupplier accept) {
    synchronized (running) {
      if (!accept.getAsBoolean()) {
        return false;
      }
      cancelled = true;
      stopped = true;
      running.interruptAll();
    }
    return true;
  }

  /** Marks the transfer cancelled and stopped without interrupting anything. */
  void markCancelled() {
    cancelled = true;
    stopped = true;
  }

  /** Stops the transfer (after a failure): no request starts any more. */
  void stop() {
    stopped = true;
  }

  /** Registers the calling thread for a cancellation to interrupt; returns false if the transfer is stopped. */
  final boolean enter() {
    synchronized (running) {
      running.enter();
      return !stopped();
    }
  }

  /** Unregisters the calling thread and clears its interrupt status (see {@link RunningThreads#leave()}). */
  final void leave() {
    running.leave();
  }

  /** Unregisters the calling thread, leaving its interrupt status to the caller. */
  final void exit() {
    running.remove(Thread.currentThread());
  }

  /** Interrupts every registered thread but the calling one. */
  final void interruptOthers() {
    running.interruptOthers();
  }

  /**
   * Runs a request whose response must not be lost to an interrupt: the thread leaves the set that a
   * cancellation interrupts and a pending interrupt is held back until the request is over.
   */
  final <T> T uninterruptibly(Supplier<T> request) {
    Thread me = Thread.currentThread();
    boolean registered = running.remove(me);
    boolean interrupted = Thread.interrupted();
    try {
      return request.get();
    } finally {
      if (registered) {
        running.add(me);
      }
      if (interrupted) {
        me.interrupt();
      }
    }
  }
}
