package dev.cirrus.cache.internal;

import dev.cirrus.cache.CacheLoadException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The cache module's future helpers: the failure behind wrappers, and waiting for another caller's load. */
final class Futures {
  private Futures() {}

  /** Blocks until another caller's load completes. */
  static <E> E await(CompletableFuture<E> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e.getCause());
      throw new CacheLoadException("another caller's load failed: " + cause, cause, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoadException("interrupted while waiting for another caller's load", e, true);
    }
  }

  /** The failure behind {@link CompletionException} and {@link ExecutionException} wrappers. */
  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Fails {@code result} the way a throwing dependent stage would: wrapped in a CompletionException. */
  static void fail(CompletableFuture<?> result, Throwable t) {
    result.completeExceptionally(t instanceof CompletionException ? t : new CompletionException(t));
  }
}
