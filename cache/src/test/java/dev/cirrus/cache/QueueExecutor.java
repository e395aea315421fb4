package dev.cirrus.cache;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** An executor that runs tasks only when the test says so, on the test's thread. */
final class QueueExecutor implements Executor {
  private final Queue<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs queued tasks, including those they queue, until none is left; returns how many ran. */
  int runAll() {
    int ran = 0;
    for (Runnable task; (task = poll()) != null; ran++) {
      task.run();
    }
    return ran;
  }

  private synchronized Runnable poll() {
    return tasks.poll();
  }
}
