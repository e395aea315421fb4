package dev.cirrus.crypto.internal;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bounded window of frames in flight for a stream: the stream fills the next free slot (input bytes,
 * sequence number), {@link #submit}s it to the executor and {@link #takeOldest takes} results back
 * strictly in submission order. A slot not yet started when the stream needs it is run by the stream's
 * thread (so a rejecting or saturated executor costs speed, never data); a slot's result is handed out
 * only after its job returned, so a decrypted frame leaves the window only after its tag verified and
 * after every earlier frame left it. Memory: {@code size} slots of {@code inBytes + outBytes}, allocated
 * on first use.
 *
 * <p>Not thread-safe: one stream thread calls it; workers touch only the slot they run.
 */
final class FrameWindow {
  /** Seals or opens {@code slot.in[0, slot.inLen)} into {@code slot.out}; returns the bytes written. */
  @FunctionalInterface
  interface Job {
    int run(MessageCipher cipher, Slot slot);
  }

  /** One frame in flight. */
  static final class Slot {
    byte[] in;
    byte[] out;
    int inLen;
    long seq;
    int outLen;
    /** This use of the slot; a task queued for an earlier use holds an older, already claimed ticket. */
    private Ticket ticket;
    private volatile Throwable failure;
  }

  /** One submission: claimed by whoever runs it first, done once it ran (or was cancelled). */
  private static final class Ticket {
    final AtomicBoolean claimed = new AtomicBoolean();
    final CountDownLatch done = new CountDownLatch(1);
  }

  private final FrameWorkers workers;
  private final MessageCipher cipher;
  private final Job job;
  private final Slot[] slots;
  private final int inBytes;
  private final int outBytes;
  private int head;
  private int count;

  FrameWindow(FrameWorkers workers, MessageCipher cipher, int size, int inBytes, int outBytes, Job job) {
    this.workers = workers;
    this.cipher = cipher;
    this.job = job;
    this.slots = new Slot[size];
    this.inBytes = inBytes;
    this.outBytes = outBytes;
  }

  boolean isFull() {
    return count == slots.length;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** The free slot the next {@link #submit} sends; the caller fills {@code in}, {@code inLen}, {@code seq}. */
  Slot free() {
    if (isFull()) {
      throw new IllegalStateException("frame window full: " + count + " of " + slots.length);
    }
    int i = (head + count) % slots.length;
    if (slots[i] == null) {
      Slot s = new Slot();
      s.in = new byte[inBytes];
      s.out = new byte[outBytes];
      slots[i] = s;
    }
    return slots[i];
  }

  /** Hands the slot {@link #free()} returned to the executor. */
  void submit() {
    Slot s = free();
    Ticket t = new Ticket();
    s.failure = null;
    s.ticket = t;
    count++;
    try {
      workers.executor().execute(() -> runOnce(s, t));
    } catch (RejectedExecutionException e) {
      // Left unclaimed: takeOldest runs it on the stream's thread.
    }
  }

  private void runOnce(Slot s, Ticket t) {
    if (!t.claimed.compareAndSet(false, true)) {
      return;
    }
    try {
      s.outLen = job.run(cipher.forkWorker(), s);
    } catch (Throwable e) {
      s.failure = e;
    } finally {
      t.done.countDown();
    }
  }

  /**
   * Waits for the oldest slot (running it here if no worker started it) and removes it from the window;
   * its {@code out[0, outLen)} stays valid until the slot is reused, after {@code size} more submits.
   *
   * @throws RuntimeException what the slot's job threw
   */
  Slot takeOldest() {
    if (count == 0) {
      throw new IllegalStateException("frame window empty");
    }
    Slot s = slots[head];
    runOnce(s, s.ticket);
    FrameWorkers.awaitUninterruptibly(s.ticket.done);
    head = (head + 1) % slots.length;
    count--;
    FrameWorkers.rethrow(s.failure);
    return s;
  }

  /**
   * Cancels the slots no worker started, waits for the others, then zeroes every buffer; the window is
   * empty afterwards.
   */
  void close() {
    for (Slot s : slots) {
      if (s != null) {
        Ticket t = s.ticket;
        if (t != null) {
          if (t.claimed.compareAndSet(false, true)) {
            t.done.countDown();
          }
          FrameWorkers.awaitUninterruptibly(t.done);
        }
        Arrays.fill(s.in, (byte) 0);
        Arrays.fill(s.out, (byte) 0);
      }
    }
    count = 0;
  }
}
