package dev.cirrus.cache;

import java.time.Duration;

/**
 * Receives cache events, for metrics and logs. Every method has an empty default.
 *
 * <p>Methods are called synchronously on the thread that caused the event (an acquiring thread, a
 * thread closing a lease, the executor running a refresh or Caffeine's maintenance). They MUST be fast
 * and must not block or call back into the cache. Anything they throw, errors included, is logged and
 * ignored, so that a faulty listener can neither strand callers waiting for a load nor keep a retired
 * value from being destroyed.
 * Implementations must be threadsafe. Values are never passed to a listener, so that secrets cannot
 * leak into logs through it.
 *
 * @param <K> the key type
 */
public interface CacheListener<K> {

  /**
   * A loader call succeeded.
   *
   * @param key the key
   * @param elapsed how long the load took, by the cache's ticker
   * @param refresh whether this was a refresh-ahead load
   */
  default void onLoad(K key, Duration elapsed, boolean refresh) {}

  /**
   * A loader call failed.
   *
   * @param key the key
   * @param error the loader's exception
   * @param refresh whether this was a refresh-ahead load
   */
  default void onLoadFailure(K key, Throwable error, boolean refresh) {}

  /**
   * An entry was retired and will not be handed out again; called once per entry. Its value is
   * destroyed now, or when the last open lease on it closes. An entry is retired for its use or byte
   * limit by the acquire that reached the limit.
   *
   * @param key the key
   * @param cause why
   */
  default void onRetire(K key, RetirementCause cause) {}

  /**
   * Returns a listener that ignores every event.
   *
   * @param <K> the key type
   * @return a stateless listener
   */
  static <K> CacheListener<K> none() {
    return new CacheListener<>() {};
  }
}
