package dev.cirrus.cache.internal;

import dev.cirrus.cache.CacheListener;
import dev.cirrus.cache.RetirementCause;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the cache's listener and destroyer so that neither can stop a load's waiters or a destruction:
 * what they throw is logged (errors too, for the listener) and swallowed. Thread-safe if they are.
 */
final class CacheEvents<K, V> {
  /** The engine's logger: these events are the engine's. */
  private static final Logger LOG = LoggerFactory.getLogger(CacheCore.class);

  private final CacheListener<? super K> listener;
  private final Consumer<? super V> destroyer;

  CacheEvents(CacheListener<? super K> listener, Consumer<? super V> destroyer) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.destroyer = Objects.requireNonNull(destroyer, "destroyer");
  }

  void loaded(K key, long elapsedNanos, boolean refresh) {
    try {
      listener.onLoad(key, Duration.ofNanos(Math.max(0, elapsedNanos)), refresh);
    } catch (Throwable t) { // errors too: a listener must not stop a load's waiters or a destruction
      LOG.warn("cache listener onLoad threw", t);
    }
  }

  void loadFailed(K key, Throwable cause, boolean refresh) {
    try {
      listener.onLoadFailure(key, cause, refresh);
    } catch (Throwable t) { // errors too: a listener must not stop a load's waiters or a destruction
      LOG.warn("cache listener onLoadFailure threw", t);
    }
  }

  void retired(K key, RetirementCause cause) {
    try {
      listener.onRetire(key, cause);
    } catch (Throwable t) { // errors too: a listener must not stop a load's waiters or a destruction
      LOG.warn("cache listener onRetire threw", t);
    }
  }

  /** Destroys a retired value; returns false if the destroyer threw. */
  boolean destroyed(V value) {
    try {
      destroyer.accept(value);
      return true;
    } catch (RuntimeException e) {
      // The exception may describe the value; log only its type.
      LOG.warn("destroying a retired {} failed with {}", value.getClass().getName(), e.getClass().getName());
      return false;
    }
  }
}
