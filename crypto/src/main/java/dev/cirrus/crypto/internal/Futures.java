package dev.cirrus.crypto.internal;

import dev.cirrus.cache.CacheLoadException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** The crypto module's future helpers: unwrapping, joining, and completing futures a caller owns. Thread-safe. */
public final class Futures {
  private Futures() {}

  /**
   * The failure behind the wrappers a future or the cache adds ({@link CompletionException}, {@link
   * ExecutionException}, {@link CacheLoadException}).
   */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException || c instanceof CacheLoadException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /** Waits for {@code f}; throws its unwrapped failure as it is if unchecked, else the {@link CompletionException}. */
  public static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = unwrap(e);
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw e;
    }
  }

  /** A future of what {@code s} returns on this thread, or failed with what it throws. */
  public static <T> CompletableFuture<T> supply(Supplier<T> s) {
    try {
      return CompletableFuture.completedFuture(s.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Completes a future the caller owns from {@code source} through {@code finish}, which destroys the
   * data key. A plain {@code source.thenApply(finish)} skips {@code finish} when the caller cancels the
   * returned future first, and the materials' data key is then never destroyed; here {@code finish} (or
   * {@code destroy}, if the materials arrive after a cancel) always runs.
   */
  public static <M, R> CompletableFuture<R> finish(
      CompletableFuture<M> source, Function<M, R> finish, Consumer<M> destroy) {
    CompletableFuture<R> result = new CompletableFuture<>();
    source.whenComplete((m, t) -> {
      if (t != null) {
        result.completeExceptionally(t);
        return;
      }
      if (result.isDone()) {
        destroy.accept(m);
        return;
      }
      try {
        result.complete(finish.apply(m));
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }
}
