package dev.cirrus.dynamo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks with at most {@code parallelism} at a time on a pool created for the call (or inline when one is
 * enough), and returns their results in task order. Batch tasks catch their own failures, so a task exception
 * here is a bug and is rethrown.
 */
public final class Parallel {
  private static final AtomicInteger POOL = new AtomicInteger();

  private Parallel() {
  }

  /** Runs the tasks and returns their results in order. */
  public static <T> List<T> run(List<Callable<T>> tasks, int parallelism) {
    List<T> results = new ArrayList<>(tasks.size());
    if (parallelism <= 1 || tasks.size() <= 1) {
      for (Callable<T> task : tasks) {
        try {
          results.add(task.call());
        } catch (Exception e) {
          throw rethrow(e);
        }
      }
      return results;
    }
    int pool = POOL.incrementAndGet();
    AtomicInteger thread = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()), r -> {
      Thread t = new Thread(r, "cirrus-dynamo-batch-" + pool + "-" + thread.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task));
      }
      for (Future<T> f : futures) {
        try {
          results.add(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("interrupted while waiting for batch requests");
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
      }
      return results;
    } finally {
      executor.shutdownNow();
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
