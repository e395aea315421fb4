package dev.cirrus.cache;

import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking form of {@link SecretCache}: the same limits, single flight, destruction rule and
 * statistics, with an {@link AsyncSecretLoader} and futures of leases.
 *
 * <p>Concurrent misses on one key share one load. A completed future's lease MUST be closed by whoever
 * takes it. A caller that gives up on a future should complete it itself: {@code cancel}, {@code
 * orTimeout} or {@code completeExceptionally}; if the lease arrives after that, the cache closes it, so
 * the value can still be destroyed (a caller that was still waiting for another caller's load is then
 * not charged a use). A caller that merely drops its reference to an incomplete future MUST still close
 * the lease when the future completes, e.g. {@code future.thenAccept(Lease::close)}. Cancelling the
 * returned future does not cancel the load, which other callers may share.
 *
 * <p>Dependent stages of a returned future may run on the thread that completed the load. Implementations
 * are threadsafe. Build one with {@code SecretCache.<K, V>builder()...buildAsync(loader)}.
 *
 * @param <K> the key type; keys are compared with {@code equals} and must be immutable
 * @param <V> the value type
 */
public interface AsyncSecretCache<K, V> extends AutoCloseable {

  /**
   * Takes a value for one operation that will process {@code bytes} bytes, loading it if needed. On a
   * hit the returned future is already complete.
   *
   * @param key the key
   * @param bytes the bytes this operation will process with the value, at least 0
   * @return a future of an open lease, which the caller MUST close; it completes exceptionally with a
   *     {@link CacheLoadException} if the load failed
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code bytes} is negative
   * @throws IllegalStateException if the cache is closed
   */
  CompletableFuture<Lease<V>> acquire(K key, long bytes);

  /**
   * Same as {@code acquire(key, 0)}.
   *
   * @param key the key
   * @return a future of an open lease, which the caller MUST close
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed
   */
  default CompletableFuture<Lease<V>> acquire(K key) {
    return acquire(key, 0);
  }

  /**
   * Retires the entry for {@code key}, as {@link SecretCache#invalidate(Object)} does.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  void invalidate(K key);

  /** Retires every entry. */
  void invalidateAll();

  /**
   * Returns a snapshot of the counters.
   *
   * @return the statistics since the cache was built
   */
  CacheStats stats();

  /**
   * Returns the policy this cache enforces.
   *
   * @return the policy
   */
  CachePolicy policy();

  /**
   * Returns the approximate number of entries, including loads in flight.
   *
   * @return the approximate entry count
   */
  long estimatedSize();

  /** Runs pending maintenance now, as {@link SecretCache#cleanUp()} does. */
  void cleanUp();

  /**
   * Retires every entry and rejects further acquires, as {@link SecretCache#close()} does: futures of
   * callers waiting for a load then complete with an {@link IllegalStateException} rather than start
   * another load. Idempotent.
   */
  @Override
  void close();
}
