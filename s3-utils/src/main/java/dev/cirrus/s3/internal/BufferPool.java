package dev.cirrus.s3.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Part buffers under a hard byte budget: every byte array this pool hands out or keeps for reuse counts against
 * {@link #budgetBytes()}, and {@link #acquire} blocks until the budget allows. This is where a transfer's memory
 * bound is enforced, and {@link #peakAllocatedBytes()} is how tests observe it.
 *
 * <p>The budget is {@code slots × the largest buffer size seen}: it grows when an unknown-length schedule moves to
 * larger parts, and buffers of the old size are then dropped instead of reused. Threadsafe.
 */
public final class BufferPool {
  private final int slots;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final Deque<PartBuffer> idle = new ArrayDeque<>();
  private long budgetBytes;
  private long allocatedBytes;
  private long inUseBytes;
  private long peakAllocatedBytes;
  private long peakInUseBytes;
  private boolean closed;

  public BufferPool(int slots, long initialBufferBytes) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1, was " + slots);
    }
    this.slots = slots;
    this.budgetBytes = slots * initialBufferBytes;
  }

  /**
   * Returns a buffer of exactly {@code size} bytes, blocking while the budget is used up.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the pool is closed
   * @throws java.util.concurrent.CancellationException if {@code stop} turns true while waiting
   */
  public PartBuffer acquire(long size, java.util.function.BooleanSupplier stop) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      budgetBytes = Math.max(budgetBytes, (long) slots * size);
      while (true) {
        if (closed) {
          throw new IllegalStateException("buffer pool is closed");
        }
        if (stop.getAsBoolean()) {
          throw new java.util.concurrent.CancellationException("transfer stopped");
        }
        for (var it = idle.iterator(); it.hasNext(); ) {
          PartBuffer b = it.next();
          if (b.capacity() == size) {
            it.remove();
            return take(b);
          }
        }
        if (allocatedBytes + size <= budgetBytes) {
          allocatedBytes += size;
          peakAllocatedBytes = Math.max(peakAllocatedBytes, allocatedBytes);
          return take(new PartBuffer(size));
        }
        if (!idle.isEmpty()) {
          allocatedBytes -= idle.pollFirst().capacity();
          continue;
        }
        released.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private PartBuffer take(PartBuffer b) {
    b.reset();
    inUseBytes += b.capacity();
    peakInUseBytes = Math.max(peakInUseBytes, inUseBytes);
    return b;
  }

  /** Returns a buffer for reuse. */
  public void release(PartBuffer buffer) {
    lock.lock();
    try {
      inUseBytes -= buffer.capacity();
      if (closed || (long) slots * buffer.capacity() < budgetBytes) {
        allocatedBytes -= buffer.capacity();
      } else {
        idle.addLast(buffer);
      }
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes waiting acquirers so they can notice a stopped transfer. */
  public void wakeUp() {
    lock.lock();
    try {
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Drops idle buffers and fails waiting and future acquires. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      for (PartBuffer b : idle) {
        allocatedBytes -= b.capacity();
      }
      idle.clear();
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public long budgetBytes() {
    lock.lock();
    try {
      return budgetBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes in buffers handed out and not yet released. */
  public long inUseBytes() {
    lock.lock();
    try {
      return inUseBytes;
    } finally {
      lock.unlock();
    }
  }

  /** The most bytes this pool ever held (handed out plus idle). */
  public long peakAllocatedBytes() {
    lock.lock();
    try {
      return peakAllocatedBytes;
    } finally {
      lock.unlock();
    }
  }

  public long peakInUseBytes() {
    lock.lock();
    try {
      return peakInUseBytes;
    } finally {
      lock.unlock();
    }
  }
}
