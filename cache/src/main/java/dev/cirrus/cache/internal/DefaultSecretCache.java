package dev.cirrus.cache.internal;

import dev.cirrus.cache.CacheListener;
import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.cache.SecretLoader;
import dev.cirrus.cache.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** The blocking cache: foreground loads run on the calling thread, refreshes on the executor. */
public final class DefaultSecretCache<K, V> extends CacheFront<K, V> implements SecretCache<K, V> {

  private final SecretLoader<? super K, ? extends V> loader;

  /** Called by the builder, which has validated every argument. */
  public DefaultSecretCache(
      CachePolicy policy,
      Ticker ticker,
      Executor executor,
      CacheListener<? super K> listener,
      Consumer<? super V> destroyer,
      SecretLoader<? super K, ? extends V> loader) {
    super(new CacheCore<>(policy, ticker, executor, listener, destroyer, key -> loadOn(executor, loader, key)));
    this.loader = loader;
  }

  private static <K, V> CompletableFuture<? extends V> loadOn(
      Executor executor, SecretLoader<? super K, ? extends V> loader, K key) {
    CompletableFuture<V> result = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            result.complete(loader.load(key));
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result;
  }

  @Override
  public Lease<V> acquire(K key, long bytes) {
    core.checkAcquire(key, bytes);
    if (bytes > core.maxBytes) {
      return bypass(key, bytes);
    }
    boolean missed = false;
    for (;;) {
      Slot<K, V> future = core.current(key);
      if (future == null) {
        long start = core.freshNow(); // Caffeine's write time is then never earlier than this
        Slot<K, V> pending = core.claim(key);
        if (pending == null) {
          continue;
        }
        if (!missed) {
          core.events.recordMiss();
        }
        V value = null;
        Throwable error = null;
        try {
          value = loader.load(key);
        } catch (Throwable t) { // checked exceptions too: the waiters must always be completed
          error = t;
        }
        return core.publish(key, pending, start, value, error, bytes);
      }
      Entry<K, V> entry;
      if (!future.isDone()) {
        if (!missed) {
          missed = true;
          core.events.recordMiss();
        }
        entry = Futures.await(future);
      } else if (future.isCompletedExceptionally()) {
        core.dropFailed(key, future);
        continue;
      } else {
        entry = future.getNow(null);
      }
      LeaseImpl<V> lease = core.tryUse(key, future, entry, bytes);
      if (lease != null) {
        if (!missed) {
          core.events.recordHit();
        }
        return lease;
      }
    }
  }

  private Lease<V> bypass(K key, long bytes) {
    core.events.recordBypass();
    long start = core.ticker.read();
    V value = null;
    Throwable error = null;
    try {
      value = loader.load(key);
    } catch (Throwable t) {
      error = t;
    }
    return core.publishBypass(key, start, value, error, bytes);
  }

  @Override
  public String toString() {
    return "SecretCache{" + core.policy + "}";
  }
}
