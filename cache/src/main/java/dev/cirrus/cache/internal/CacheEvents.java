package dev.cirrus.cache.internal;

import dev.cirrus.cache.CacheListener;
import dev.cirrus.cache.CacheStats;
import dev.cirrus.cache.RetirementCause;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's counters, and its listener and destroyer, called so that neither can stop a load's
 * waiters or a destruction: what they throw is logged (errors too, for the listener) and swallowed.
 * Thread-safe if they are.
 */
final class CacheEvents<K, V> {
  /** The engine's logger: these events are the engine's. */
  private static final Logger LOG = LoggerFactory.getLogger(CacheCore.class);

  private final CacheListener<? super K> listener;
  private final Consumer<? super V> destroyer;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder bypasses = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongAdder destroyFailures = new LongAdder();
  private final LongAdder[] retirements = new LongAdder[RetirementCause.values().length];

  CacheEvents(CacheListener<? super K> listener, Consumer<? super V> destroyer) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.destroyer = Objects.requireNonNull(destroyer, "destroyer");
    for (int i = 0; i < retirements.length; i++) {
      retirements[i] = new LongAdder();
    }
  }

  void recordHit() {
    hits.increment();
  }

  void recordMiss() {
    misses.increment();
  }

  void recordBypass() {
    bypasses.increment();
  }

  void recordRefresh() {
    refreshes.increment();
  }

  void recordLoad(K key, long elapsedNanos, boolean refresh) {
    loads.increment();
    loaded(key, elapsedNanos, refresh);
  }

  void recordLoadFailure(K key, Throwable cause, boolean refresh) {
    loadFailures.increment();
    loadFailed(key, cause, refresh);
  }

  /** Counts and reports a retirement; called once per entry. */
  void onRetired(K key, RetirementCause cause) {
    retirements[cause.ordinal()].increment();
    retired(key, cause);
  }

  /** Destroys a retired value, counting a failure. */
  void destroy(V value) {
    if (!destroyed(value)) {
      destroyFailures.increment();
    }
  }

  CacheStats stats() {
    EnumMap<RetirementCause, Long> retired = new EnumMap<>(RetirementCause.class);
    for (RetirementCause cause : RetirementCause.values()) {
      retired.put(cause, retirements[cause.ordinal()].sum());
    }
    return CacheStats.of(
        hits.sum(),
        misses.sum(),
        bypasses.sum(),
        loads.sum(),
        loadFailures.sum(),
        refreshes.sum(),
        destroyFailures.sum(),
        retired);
  }

  private void loaded(K key, long elapsedNanos, boolean refresh) {
    try {
      listener.onLoad(key, Duration.ofNanos(Math.max(0, elapsedNanos)), refresh);
    } catch (Throwable t) { // errors too: a listener must not stop a load's waiters or a destruction
      LOG.warn("cache listener onLoad threw", t);
    }
  }

  private void loadFailed(K key, Throwable cause, boolean refresh) {
    try {
      listener.onLoadFailure(key, cause, refresh);
    } catch (Throwable t) { // errors too: a listener must not stop a load's waiters or a destruction
      LOG.warn("cache listener onLoadFailure threw", t);
    }
  }

  private void retired(K key, RetirementCause cause) {
    try {
      listener.onRetire(key, cause);
    } catch (Throwable t) { // errors too: a listener must not stop a load's waiters or a destruction
      LOG.warn("cache listener onRetire threw", t);
    }
  }

  /** Destroys a retired value; returns false if the destroyer threw. */
  private boolean destroyed(V value) {
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
