package dev.cirrus.dynamo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs tasks with at most {@code parallelism} at a time on a pool created for the call (or inline when one is
 * enough), and returns their results in task order. Batch tasks catch their own failures, so a task exception
 * here is a bug and is rethrown.
 *
 * <p>If the calling thread is interrupted while waiting, the pool is shut down (running tasks see the interrupt
 * in their backoff sleep and return what is still pending), the tasks that never started are answered by
 * {@code notRun}, and the interrupt flag is restored: no task's elements are lost from the results.
 */
public final class Parallel {
  private static final AtomicInteger POOL = new AtomicInteger();

  private Parallel() {
  }

  /**
   * Runs the tasks and returns their results in order; {@code notRun} gives the result of task {@code i} when it
   * never ran because the caller was interrupted.
   */
  public static <T> List<T> run(List<Callable<T>> tasks, int parallelism, IntFunction<T> notRun) {
    List<T> results = new ArrayList<>(tasks.size());
    if (parallelism <= 1 || tasks.size() <= 1) {
      for (Callable<T> task : tasks) {
        try {
          results.add(task.call());
        } catch (Exception e) {
          throw Futures.rethrow(e);
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
    boolean interrupted = false;
    try {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task));
      }
      for (int i = 0; i < futures.size(); i++) {
        Future<T> f = futures.get(i);
        if (interrupted && !f.isDone()) {
          results.add(notRun.apply(i));
          continue;
        }
        try {
          results.add(f.get());
        } catch (InterruptedException e) {
          interrupted = true;
          executor.shutdownNow();
          awaitTerminationUninterruptibly(executor);
          results.add(f.isDone() ? getDone(f) : notRun.apply(i));
        } catch (ExecutionException e) {
          throw Futures.rethrow(e);
        }
      }
      return results;
    } finally {
      executor.shutdownNow();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void awaitTerminationUninterruptibly(ExecutorService executor) {
    while (true) {
      try {
        if (executor.awaitTermination(1, TimeUnit.DAYS)) {
          return;
        }
      } catch (InterruptedException ignored) {
        // keep waiting: the tasks were told to stop and their results must be collected
      }
    }
  }

  private static <T> T getDone(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      throw new IllegalStateException("a completed future cannot block", e);
    } catch (ExecutionException e) {
      throw Futures.rethrow(e);
    }
  }
}
