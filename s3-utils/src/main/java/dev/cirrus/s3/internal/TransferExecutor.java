package dev.cirrus.s3.internal;

import dev.cirrus.s3.TransfersClosedException;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of an {@code S3Transfers}: the given one, except that a task refused after {@link #shutdown()}
 * fails with {@link TransfersClosedException} ("transfers closed") instead of the pool's message, which names an
 * internal lambda. Threadsafe.
 */
public final class TransferExecutor extends AbstractExecutorService {
  private final ExecutorService delegate;
  private volatile boolean closed;

  private TransferExecutor(ExecutorService delegate) {
    this.delegate = delegate;
  }

  /** Wraps {@code delegate}; {@link #shutdown()} shuts it down. */
  public static TransferExecutor of(ExecutorService delegate) {
    return new TransferExecutor(delegate);
  }

  /** A private cached pool of daemon threads named {@code cirrus-s3-N}; {@link #shutdown()} shuts it down. */
  public static TransferExecutor privatePool() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "cirrus-s3-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return new TransferExecutor(Executors.newCachedThreadPool(threads));
  }

  @Override
  public void execute(Runnable task) {
    if (closed) {
      throw new TransfersClosedException();
    }
    try {
      delegate.execute(task);
    } catch (RejectedExecutionException e) {
      if (closed) {
        throw new TransfersClosedException();
      }
      throw e;
    }
  }

  @Override
  public void shutdown() {
    closed = true;
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    closed = true;
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }
}
