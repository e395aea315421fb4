package dev.cirrus.cache;

/**
 * A usage-bounded, single-flight cache of secret values (KMS data keys, STS credentials, tokens) with
 * a blocking API.
 *
 * <p><b>Limits.</b> {@link #acquire(Object, long)} reserves one use and {@code bytes} bytes of an
 * entry atomically and hands it out only if the entry stays within its {@link CachePolicy}; otherwise
 * it retires the entry and loads a fresh value. A request for more than {@code maxBytes} bypasses the
 * cache.
 *
 * <p><b>Single flight.</b> Concurrent misses on one key cause exactly one loader call, in the first
 * missing thread; the others block until it finishes. A failed load is not cached; its exception reaches
 * every waiting caller as the cause of a {@link CacheLoadException}.
 *
 * <p><b>Destruction.</b> A retired value is destroyed exactly once, by the default destroyer if it is a
 * {@link javax.security.auth.Destroyable}, or by the destroyer given to the builder — at retirement if no
 * lease is open on it, otherwise when the last open lease closes. Callers MUST close every {@link Lease}.
 *
 * <p>Implementations are threadsafe. Build one with {@link #builder()}.
 *
 * @param <K> the key type; keys are compared with {@code equals} and must be immutable
 * @param <V> the value type
 */
public interface SecretCache<K, V> extends AutoCloseable {

  /**
   * Returns a builder for a cache; pick the types with a type witness, e.g.
   * {@code SecretCache.<String, DataKey>builder()}.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @return a new builder; not threadsafe
   */
  static <K, V> SecretCacheBuilder<K, V> builder() {
    return new SecretCacheBuilder<>();
  }

  /**
   * Takes a value for one operation that will process {@code bytes} bytes, loading it if needed.
   *
   * <p>On a hit this does not block. On a miss the calling thread either runs the loader or waits for
   * the thread that does.
   *
   * @param key the key
   * @param bytes the bytes this operation will process with the value, at least 0
   * @return an open lease, which the caller MUST close
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code bytes} is negative
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if a load was needed and failed, or the thread was interrupted while
   *     waiting for another thread's load (the interrupt flag is then set again)
   */
  Lease<V> acquire(K key, long bytes);

  /**
   * Same as {@code acquire(key, 0)}: reserves one use and no bytes.
   *
   * @param key the key
   * @return an open lease, which the caller MUST close
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed
   * @throws CacheLoadException if a load was needed and failed, or the thread was interrupted while
   *     waiting for another thread's load (the interrupt flag is then set again)
   */
  default Lease<V> acquire(K key) {
    return acquire(key, 0);
  }

  /**
   * Retires the entry for {@code key}, if any, with cause {@link RetirementCause#EXPLICIT}. A load in
   * flight for the key is retired as soon as it completes (its waiters then load again). Leases already
   * open stay usable until closed.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  void invalidate(K key);

  /** Retires every entry, as {@link #invalidate(Object)} does for one. */
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

  /**
   * Runs pending maintenance now: removes (and retires) expired entries and evicts entries beyond the
   * maximum size. Maintenance also runs by itself during normal use; call this when the cache may be idle
   * for a long time and expired secrets should be destroyed promptly.
   */
  void cleanUp();

  /**
   * Retires every entry and rejects further acquires. Open leases stay usable until closed. A load in
   * flight still completes for the caller that started it (its value retired); callers that were waiting
   * for it and cannot use its value fail with {@link IllegalStateException} instead of loading again.
   * Calling this method again has no effect.
   */
  @Override
  void close();
}
