package dev.cirrus.cache.internal;

import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.CacheStats;

/**
 * What the blocking and the non-blocking cache share: everything but {@code acquire} is the engine's.
 * Subclasses implement {@code SecretCache} or {@code AsyncSecretCache}; these public methods implement
 * the rest of either interface.
 */
abstract class CacheFront<K, V> {
  final CacheCore<K, V> core;

  CacheFront(CacheCore<K, V> core) {
    this.core = core;
  }

  public void invalidate(K key) {
    core.invalidate(key);
  }

  public void invalidateAll() {
    core.invalidateAll();
  }

  public CacheStats stats() {
    return core.stats();
  }

  public CachePolicy policy() {
    return core.policy;
  }

  public long estimatedSize() {
    return core.estimatedSize();
  }

  public void cleanUp() {
    core.cleanUp();
  }

  public void close() {
    core.close();
  }
}
