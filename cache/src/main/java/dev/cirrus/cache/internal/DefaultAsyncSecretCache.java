package dev.cirrus.cache.internal;

import dev.cirrus.cache.AsyncSecretCache;
import dev.cirrus.cache.AsyncSecretLoader;
import dev.cirrus.cache.CacheListener;
import dev.cirrus.cache.CacheLoadException;
import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.CacheStats;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/** The non-blocking cache: the loader is started on the calling thread, as Caffeine's AsyncCache does. */
public final class DefaultAsyncSecretCache<K, V> implements AsyncSecretCache<K, V> {

  private final CacheCore<K, V> core;
  private final AsyncSecretLoader<? super K, ? extends V> loader;
  private final Executor executor;

  /** Called by the builder, which has validated every argument. */
  public DefaultAsyncSecretCache(
      CachePolicy policy,
      Ticker ticker,
      Executor executor,
      CacheListener<? super K> listener,
      Consumer<? super V> destroyer,
      AsyncSecretLoader<? super K, ? extends V> loader) {
    this.loader = loader;
    this.executor = executor;
    this.core =
        new CacheCore<>(
            policy,
            ticker,
            executor,
            listener,
            destroyer,
            key -> CompletableFuture.supplyAsync(() -> start(key), executor).thenCompose(Function.identity()));
  }

  /** Calls the loader, turning a thrown exception or a null future into a failed future. */
  private CompletableFuture<V> start(K key) {
    CompletableFuture<? extends V> future;
    try {
      future = loader.load(key, executor);
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
    if (future == null) {
      return CompletableFuture.failedFuture(new NullPointerException("the loader returned a null future"));
    }
    return future.thenApply(Function.identity());
  }

  @Override
  public CompletableFuture<Lease<V>> acquire(K key, long bytes) {
    core.checkAcquire(key, bytes);
    if (bytes > core.maxBytes) {
      core.recordBypass();
      long start = core.ticker.read();
      return start(key).handle((value, error) -> core.publishBypass(key, start, value, error, bytes));
    }
    return attempt(key, bytes, false);
  }

  private CompletableFuture<Lease<V>> attempt(K key, long bytes, boolean missed) {
    for (;;) {
      CompletableFuture<Entry<K, V>> future = core.current(key);
      if (future == null) {
        long start = core.freshNow(); // Caffeine's write time is then never earlier than this
        CompletableFuture<Entry<K, V>> pending = core.claim(key);
        if (pending == null) {
          continue;
        }
        if (!missed) {
          core.recordMiss();
        }
        return start(key)
            .handle((value, error) -> core.publish(key, pending, start, value, error, bytes));
      }
      if (future.isDone()) {
        if (future.isCompletedExceptionally()) {
          core.dropFailed(key, future);
          continue;
        }
        LeaseImpl<V> lease = core.tryUse(key, future, future.getNow(null), bytes);
        if (lease != null) {
          if (!missed) {
            core.recordHit();
          }
          return CompletableFuture.completedFuture(lease);
        }
        continue;
      }
      if (!missed) {
        core.recordMiss();
      }
      return future
          .handle(
              (entry, error) -> {
                if (error != null) {
                  Throwable cause = CacheCore.unwrap(error);
                  throw new CacheLoadException("another caller's load failed: " + cause, cause, true);
                }
                LeaseImpl<V> lease = core.tryUse(key, future, entry, bytes);
                return lease != null
                    ? CompletableFuture.<Lease<V>>completedFuture(lease)
                    : attempt(key, bytes, true);
              })
          .thenCompose(Function.identity());
    }
  }

  @Override
  public void invalidate(K key) {
    core.invalidate(key);
  }

  @Override
  public void invalidateAll() {
    core.invalidateAll();
  }

  @Override
  public CacheStats stats() {
    return core.stats();
  }

  @Override
  public CachePolicy policy() {
    return core.policy;
  }

  @Override
  public long estimatedSize() {
    return core.estimatedSize();
  }

  @Override
  public void cleanUp() {
    core.cleanUp();
  }

  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "AsyncSecretCache{" + core.policy + "}";
  }
}
