package dev.cirrus.cache;

/**
 * Loads the value for a key on a cache miss or a refresh, for a {@link SecretCache}.
 *
 * <p>The loader MUST return a new instance on every call: the cache destroys each loaded value when it
 * retires it, so a shared instance would be destroyed while another entry still uses it. It MUST NOT
 * return null. It may throw any unchecked exception (or a checked one thrown past the compiler, as
 * Kotlin code may); the exception is delivered, as the cause of a {@link CacheLoadException}, to the
 * caller that triggered the load and to every caller waiting for it, and nothing is cached. An
 * {@link Error} reaches the caller that ran the loader unwrapped, and its waiters as the cause.
 *
 * <p>Implementations must be threadsafe: loads for different keys, and a refresh with a foreground
 * load, may run concurrently. A loader MUST NOT acquire from the same cache: a load for a key that waits
 * for itself never finishes. It should bound its own duration (e.g. the SDK's {@code apiCallTimeout}),
 * because every caller that misses on the key waits for it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface SecretLoader<K, V> {

  /**
   * Loads a fresh value.
   *
   * @param key the key, never null
   * @return a new value, never null
   */
  V load(K key);
}
