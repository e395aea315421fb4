package dev.cirrus.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Loads the value for a key asynchronously, for an {@link AsyncSecretCache}.
 *
 * <p>The same rules as {@link SecretLoader} apply: a new instance per call, never null, and
 * implementations must be threadsafe. The returned
 * future may complete exceptionally; the exception reaches every caller waiting for this load as the
 * cause of a {@link CacheLoadException}, and nothing is cached. The method itself should not block;
 * if it throws instead of returning a failed future, the exception is treated the same way.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface AsyncSecretLoader<K, V> {

  /**
   * Starts loading a fresh value.
   *
   * @param key the key, never null
   * @param executor the cache's executor, which the loader may use for its own work
   * @return a future of a new value; it must not be null and must not complete with null
   */
  CompletableFuture<V> load(K key, Executor executor);
}
