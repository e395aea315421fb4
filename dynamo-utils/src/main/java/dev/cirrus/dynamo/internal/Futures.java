package dev.cirrus.dynamo.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where the module takes a failed task's exception out of its future's wrapper and rethrows it
 * unchecked, so that callers see the task's own exception.
 */
public final class Futures {
  private Futures() {
  }

  /**
   * Rethrows what a task failed with: the cause inside any {@link ExecutionException} or
   * {@link CompletionException} wrapping it, as it is if unchecked, else wrapped in an
   * {@link IllegalStateException}. It never returns normally; its return type lets callers write
   * {@code throw Futures.rethrow(e)}.
   *
   * @param failure what the future or task threw
   * @return never
   */
  public static RuntimeException rethrow(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }

  /**
   * The exception inside any {@link ExecutionException} or {@link CompletionException} layers around it (a
   * wrapper without a cause is kept).
   *
   * @param failure what the future threw
   * @return the task's own exception
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
