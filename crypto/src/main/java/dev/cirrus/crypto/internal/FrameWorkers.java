package dev.cirrus.crypto.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the chunks of one message's frames on an executor and the calling thread. The caller submits
 * every chunk but one, runs that one, then runs itself every chunk no worker has claimed yet (a
 * rejected, queued or slow task), and finally waits for the chunks workers claimed. Every chunk runs
 * exactly once, so a rejecting, saturated or same-thread executor never loses work and never
 * deadlocks: at worst the whole message runs on the caller. {@link #run} returns only after every chunk
 * finished, so no worker writes into an output array after the caller zeroed or returned it.
 *
 * <p>Immutable and thread-safe; {@link #SEQUENTIAL} never uses another thread.
 */
public final class FrameWorkers {
  /** Fewest frames a chunk holds: below this the hand-off costs more than the frames. */
  static final int MIN_FRAMES_PER_CHUNK = 8;

  /** Never parallel. */
  public static final FrameWorkers SEQUENTIAL = new FrameWorkers(null, 1, Integer.MAX_VALUE);


  private final Executor executor;
  private final int maxThreads;
  private final int minFrames;

  /**
   * @param executor where workers run; null for the shared default pool
   * @param maxThreads threads per message, the caller included; 1 for sequential
   * @param minFrames fewest frames for which a message is split
   */
  public FrameWorkers(Executor executor, int maxThreads, int minFrames) {
    this.executor = executor;
    this.maxThreads = maxThreads;
    this.minFrames = minFrames;
  }

  /** Into how many chunks to split {@code frames} frames: 1 means run sequentially. */
  int chunks(long frames) {
    if (maxThreads < 2 || frames < minFrames) {
      return 1;
    }
    return (int) Math.max(1, Math.min(maxThreads, frames / MIN_FRAMES_PER_CHUNK));
  }

  /** Readahead window of a stream: frames in flight at once, 1 for sequential. */
  int window() {
    return maxThreads < 2 ? 1 : 2 * maxThreads;
  }

  /** The executor workers run on (the shared default pool if none was given). */
  Executor executor() {
    return executor != null ? executor : SharedPool.INSTANCE;
  }

  /**
   * Runs {@code chunk.accept(i)} for every {@code i} in {@code [0, chunks)}, chunk 0 on the caller,
   * and returns once all finished.
   *
   * @throws RuntimeException the first failure of any chunk (after all chunks finished)
   */
  void run(int chunks, IntConsumer chunk) {
    AtomicIntegerArray claimed = new AtomicIntegerArray(chunks);
    CountDownLatch done = new CountDownLatch(chunks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Executor ex = executor();
    for (int i = 1; i < chunks; i++) {
      int c = i;
      try {
        ex.execute(() -> runOnce(claimed, c, chunk, done, failure));
      } catch (RejectedExecutionException e) {
        // Left unclaimed: the caller runs it below.
      }
    }
    for (int i = 0; i < chunks; i++) {
      runOnce(claimed, i, chunk, done, failure);
    }
    awaitUninterruptibly(done);
    rethrow(failure.get());
  }

  private static void runOnce(
      AtomicIntegerArray claimed, int c, IntConsumer chunk, CountDownLatch done, AtomicReference<Throwable> failure) {
    if (!claimed.compareAndSet(c, 0, 1)) {
      return;
    }
    try {
      if (failure.get() == null) {
        chunk.accept(c);
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    } finally {
      done.countDown();
    }
  }

  static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        // Workers may still write into the caller's arrays: wait for them, then restore the flag.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  static void rethrow(Throwable t) {
    if (t == null) {
      return;
    }
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw new IllegalStateException("frame worker failed", t);
  }

  @Override
  public String toString() {
    return "FrameWorkers[maxThreads=" + maxThreads + ", minFrames=" + minFrames
        + (executor == null ? ", shared pool]" : ", executor=" + executor + "]");
  }

  /**
   * The shared default pool: min(cores, 4) daemon threads, created on first use, idle threads ending
   * after 30 s; a bounded queue whose overflow is rejected (and then run by the caller).
   */
  static final class SharedPool {
    static final int THREADS = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    static final ThreadPoolExecutor INSTANCE = create();

    private SharedPool() {}

    private static ThreadPoolExecutor create() {
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64 * THREADS),
              r -> {
                Thread t = new Thread(r, "cirrus-crypto-frames-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              },
              new ThreadPoolExecutor.AbortPolicy());
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }
}
