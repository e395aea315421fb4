package dev.cirrus.s3.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * The threads working for one transfer, which a cancellation interrupts. Every method synchronizes on this
 * object, so a session may guard state of its own with {@code synchronized (threads)} (and wait on it) and see
 * the set change atomically with that state. Threadsafe.
 */
final class RunningThreads {
  private final Set<Thread> threads = new HashSet<>();

  /** Adds the calling thread. */
  synchronized void enter() {
    threads.add(Thread.currentThread());
  }

  /**
   * Removes the calling thread and clears its interrupt status: an interrupt meant for this transfer must not
   * reach the thread's next task.
   */
  void leave() {
    remove(Thread.currentThread());
    Thread.interrupted();
  }

  /** Adds a thread; returns whether it was not in the set yet. */
  synchronized boolean add(Thread t) {
    return threads.add(t);
  }

  /** Removes a thread, leaving its interrupt status as it is; returns whether it was in the set. */
  synchronized boolean remove(Thread t) {
    return threads.remove(t);
  }

  /** Interrupts every thread in the set. */
  synchronized void interruptAll() {
    for (Thread t : threads) {
      t.interrupt();
    }
  }

  /** Interrupts every thread in the set but the calling one. */
  synchronized void interruptOthers() {
    Thread me = Thread.currentThread();
    for (Thread t : threads) {
      if (t != me) {
        t.interrupt();
      }
    }
  }
}
