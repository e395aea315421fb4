package dev.cirrus.cache;

/**
 * The right to use one cached value for one operation, holding the usage it reserved.
 *
 * <p>A lease pins its value: the cache never destroys a value while a lease on it is open, even after
 * the entry has been retired by age, usage, eviction or invalidation. Callers MUST close every lease
 * they acquire, preferably with try-with-resources, and MUST NOT use the value, or anything derived
 * from it that shares its secret state, after closing the lease. A lease that is never closed keeps
 * its value alive (undestroyed) for as long as the cache keeps a reference to it.
 *
 * <pre>{@code
 * try (Lease<DataKey> lease = cache.acquire(keyId, plaintextBytes)) {
 *   encrypt(lease.value(), plaintext);
 * }
 * }</pre>
 *
 * <p>Leases are threadsafe; {@link #close()} is idempotent. The reservation is not returned on
 * close: uses and bytes count as consumed once acquired.
 *
 * @param <V> the type of the cached value
 */
public interface Lease<V> extends AutoCloseable {

  /**
   * Returns the leased value.
   *
   * @return the value, never null
   * @throws IllegalStateException if this lease has been closed
   */
  V value();

  /**
   * Releases this lease. If the entry has been retired and this was the last open lease on it, the
   * value is destroyed on the calling thread. Calling this method again has no effect.
   */
  @Override
  void close();
}
