package dev.cirrus.metrics;

import dev.cirrus.cache.CacheListener;
import dev.cirrus.metrics.internal.Meters;
import dev.cirrus.metrics.internal.NanoTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;

/**
 * A {@link CacheListener} that times the loader calls of a cache: give it to
 * {@code SecretCacheBuilder.listener(..)} when building the cache, and bind it to a registry then or later.
 *
 * <p>Meter, tagged {@code name}: {@code cirrus.cache.load.duration} (function timer: count and total time of the
 * successful loader calls, by the cache's ticker), tagged {@code refresh} = {@code true} for refresh-ahead loads,
 * else {@code false}. Counts of loads, failures, requests and retirements come from {@link CacheMetrics}, over the
 * cache's own counters.
 *
 * <p>Events are counted from the moment the cache is built, whether or not a registry is bound yet; a registry
 * bound later sees every load since then, and each of several registries sees all of them. Keys are never looked
 * at. Instances are threadsafe; one listener may serve several caches, whose loads it then adds up.
 */
public final class CacheLoadMetrics implements CacheListener<Object>, MeterBinder {
  static final String LOAD_DURATION = "cirrus.cache.load.duration";

  private final String name;
  private final NanoTimer loads = new NanoTimer();
  private final NanoTimer refreshes = new NanoTimer();

  /**
   * Creates a listener whose meters are tagged {@code name}; bind it with {@link #bindTo(MeterRegistry)}.
   *
   * @param name the name tag, for example {@code "orders"}; unique among the caches of a registry
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public CacheLoadMetrics(String name) {
    this.name = Meters.requireName(name);
  }

  static CacheLoadMetrics bound(MeterRegistry registry, String name) {
    Meters.requireRegistry(registry);
    CacheLoadMetrics metrics = new CacheLoadMetrics(name);
    metrics.bindTo(registry);
    return metrics;
  }

  /**
   * Returns the name tag of this listener's meters.
   *
   * @return the name given at creation
   */
  public String name() {
    return name;
  }

  @Override
  public void onLoad(Object key, Duration elapsed, boolean refresh) {
    (refresh ? refreshes : loads).record(elapsed.toNanos());
  }

  /**
   * Registers the meter with {@code registry}.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalStateException if a cache listener of the same name is bound to {@code registry} already
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Meters.requireRegistry(registry);
    Meters.requireUnbound(registry, LOAD_DURATION, name, "cache listener");
    Tags tags = Tags.of(Meters.nameTag(name));
    String description = "successful loader calls and their time";
    loads.register(registry, LOAD_DURATION, tags.and("refresh", "false"), description);
    refreshes.register(registry, LOAD_DURATION, tags.and("refresh", "true"), description);
  }

  @Override
  public String toString() {
    return "CacheLoadMetrics{name=" + name + ", loads=" + loads.count() + ", refreshes=" + refreshes.count() + "}";
  }
}
