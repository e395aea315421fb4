package dev.cirrus.metrics;

import dev.cirrus.cache.AsyncSecretCache;
import dev.cirrus.cache.CacheStats;
import dev.cirrus.cache.RetirementCause;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.metrics.internal.Meters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Meters over a {@link SecretCache}'s or {@link AsyncSecretCache}'s counters, in the manner of Micrometer's
 * {@code CaffeineCacheMetrics}: function counters and a gauge that read {@code stats()} and
 * {@code estimatedSize()} when the registry publishes, so binding adds nothing to the cache's hit path.
 *
 * <p>Meters, each tagged {@code name}:
 * <ul>
 *   <li>{@code cirrus.cache.requests} (function counter), tagged {@code result} = {@code hit}, {@code miss} or
 *       {@code bypass};</li>
 *   <li>{@code cirrus.cache.loads} (function counter), tagged {@code result} = {@code success} or
 *       {@code failure};</li>
 *   <li>{@code cirrus.cache.refreshes} (function counter): refresh-ahead loads started;</li>
 *   <li>{@code cirrus.cache.retirements} (function counter), tagged {@code cause} = {@code age}, {@code uses},
 *       {@code bytes}, {@code size}, {@code explicit} or {@code replaced};</li>
 *   <li>{@code cirrus.cache.destroy.failures} (function counter): values whose destroyer threw;</li>
 *   <li>{@code cirrus.cache.entries} (gauge): the approximate entry count, loads in flight included.</li>
 * </ul>
 * Load latency needs an event at load time; give the cache a {@link CacheLoadMetrics} listener for it.
 *
 * <p>The cache is held by weak reference, here and by the meters: binding never keeps a cache alive, and the
 * meters of a collected cache report NaN. Each read of a meter takes one {@code stats()} snapshot, so values of
 * different meters read in one scrape may be a few operations apart.
 *
 * <p>Instances are immutable and threadsafe; one may be bound to any number of registries.
 */
public final class CacheMetrics implements MeterBinder {
  static final String REQUESTS = "cirrus.cache.requests";

  private final WeakReference<Object> cache;
  private final Function<Object, CacheStats> stats;
  private final ToDoubleFunction<Object> size;
  private final String name;

  private CacheMetrics(Object cache, Function<Object, CacheStats> stats, ToDoubleFunction<Object> size, String name) {
    this.cache = new WeakReference<>(cache);
    this.stats = stats;
    this.size = size;
    this.name = Meters.requireName(name);
  }

  /**
   * Returns a binder over a synchronous cache; bind it with {@link #bindTo(MeterRegistry)}.
   *
   * @param cache the cache, held by weak reference
   * @param name the name tag of its meters, for example {@code "orders"}; unique among the caches of a registry
   * @return the binder
   * @throws NullPointerException if {@code cache} or {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static CacheMetrics of(SecretCache<?, ?> cache, String name) {
    Objects.requireNonNull(cache, "cache");
    return new CacheMetrics(cache, c -> ((SecretCache<?, ?>) c).stats(),
        c -> ((SecretCache<?, ?>) c).estimatedSize(), name);
  }

  /**
   * Returns a binder over an asynchronous cache; bind it with {@link #bindTo(MeterRegistry)}.
   *
   * @param cache the cache, held by weak reference
   * @param name the name tag of its meters, for example {@code "orders"}; unique among the caches of a registry
   * @return the binder
   * @throws NullPointerException if {@code cache} or {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static CacheMetrics of(AsyncSecretCache<?, ?> cache, String name) {
    Objects.requireNonNull(cache, "cache");
    return new CacheMetrics(cache, c -> ((AsyncSecretCache<?, ?>) c).stats(),
        c -> ((AsyncSecretCache<?, ?>) c).estimatedSize(), name);
  }

  static CacheMetrics bind(SecretCache<?, ?> cache, MeterRegistry registry, String name) {
    Meters.requireRegistry(registry);
    CacheMetrics metrics = of(cache, name);
    metrics.bindTo(registry);
    return metrics;
  }

  static CacheMetrics bind(AsyncSecretCache<?, ?> cache, MeterRegistry registry, String name) {
    Meters.requireRegistry(registry);
    CacheMetrics metrics = of(cache, name);
    metrics.bindTo(registry);
    return metrics;
  }

  /**
   * Returns the name tag of this binder's meters.
   *
   * @return the name given at creation
   */
  public String name() {
    return name;
  }

  /**
   * Registers the meters with {@code registry}. Does nothing if the cache has been collected.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalStateException if a cache of the same name is bound to {@code registry} already
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Meters.requireRegistry(registry);
    Object c = cache.get();
    if (c == null) {
      return;
    }
    Meters.requireUnbound(registry, REQUESTS, name, "cache");
    Tags tags = Tags.of(Meters.nameTag(name));
    counter(registry, c, REQUESTS, tags.and("result", "hit"), "acquires served by a loaded entry", s -> s.hits());
    counter(registry, c, REQUESTS, tags.and("result", "miss"), "acquires that started or waited for a load",
        s -> s.misses());
    counter(registry, c, REQUESTS, tags.and("result", "bypass"), "acquires over max bytes, served uncached",
        s -> s.bypasses());
    counter(registry, c, "cirrus.cache.loads", tags.and("result", "success"), "loader calls that succeeded",
        s -> s.loads());
    counter(registry, c, "cirrus.cache.loads", tags.and("result", "failure"), "loader calls that failed",
        s -> s.loadFailures());
    counter(registry, c, "cirrus.cache.refreshes", tags, "refresh-ahead loads started", s -> s.refreshes());
    counter(registry, c, "cirrus.cache.destroy.failures", tags, "values whose destroyer threw",
        s -> s.destroyFailures());
    for (RetirementCause cause : RetirementCause.values()) {
      counter(registry, c, "cirrus.cache.retirements", tags.and("cause", Meters.tagValue(cause)),
          "entries retired, by cause", s -> s.retirements(cause));
    }
    Gauge.builder("cirrus.cache.entries", c, size).tags(tags).strongReference(false)
        .description("approximate entries, loads in flight included").baseUnit("entries").register(registry);
  }

  private void counter(MeterRegistry registry, Object c, String meter, Tags tags, String description,
      ToDoubleFunction<CacheStats> read) {
    FunctionCounter.builder(meter, c, x -> read.applyAsDouble(stats.apply(x))).tags(tags)
        .description(description).register(registry);
  }

  @Override
  public String toString() {
    return "CacheMetrics{name=" + name + ", bound=" + (cache.get() != null) + "}";
  }
}
