package dev.cirrus.metrics;

import dev.cirrus.metrics.internal.Meters;
import dev.cirrus.retry.AdaptiveRateLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.Objects;

/**
 * Gauges over one resource of a shared {@link AdaptiveRateLimiter}, read when the registry publishes.
 *
 * <p>Meters, each tagged {@code name} (the resource key itself is never a tag: it may be a KMS key id):
 * <ul>
 *   <li>{@code cirrus.retry.rate.limit} (gauge, requests per second): the send rate the limiter allows the
 *       resource now; NaN while the limiter does not limit it (it reports an unbounded rate until the resource's
 *       first throttle), so that no backend is handed an infinite value;</li>
 *   <li>{@code cirrus.retry.rate.limited} (gauge): 1 while the resource is limited, else 0.</li>
 * </ul>
 *
 * <p>The limiter is held by weak reference, here and by the gauges: binding never keeps a limiter alive, and the
 * gauges of a collected limiter report NaN. Instances are immutable and threadsafe.
 */
public final class RateLimiterMetrics implements MeterBinder {
  static final String RATE = "cirrus.retry.rate.limit";

  private final WeakReference<AdaptiveRateLimiter> limiter;
  private final String resourceKey;
  private final String name;

  /**
   * Creates a binder for one resource of the limiter; bind it with {@link #bindTo(MeterRegistry)}.
   *
   * @param limiter the limiter, held by weak reference
   * @param resourceKey the key the calls give the limiter ({@link AdaptiveRateLimiter#DEFAULT_KEY} for calls
   *     that give none); read, never published
   * @param name the name tag, for example {@code "orders-table"}; unique among the limited resources of a registry
   * @throws NullPointerException if {@code limiter}, {@code resourceKey} or {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public RateLimiterMetrics(AdaptiveRateLimiter limiter, String resourceKey, String name) {
    this.limiter = new WeakReference<>(Objects.requireNonNull(limiter, "limiter"));
    this.resourceKey = Objects.requireNonNull(resourceKey, "resourceKey");
    this.name = Meters.requireName(name);
  }

  static RateLimiterMetrics bind(AdaptiveRateLimiter limiter, String resourceKey, MeterRegistry registry,
      String name) {
    Meters.requireRegistry(registry);
    RateLimiterMetrics metrics = new RateLimiterMetrics(limiter, resourceKey, name);
    metrics.bindTo(registry);
    return metrics;
  }

  /**
   * Registers the gauges with {@code registry}. Does nothing if the limiter has been collected.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalStateException if a resource of the same name is bound to {@code registry} already
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Meters.requireRegistry(registry);
    AdaptiveRateLimiter l = limiter.get();
    if (l == null) {
      return;
    }
    Meters.requireUnbound(registry, RATE, name, "rate-limited resource");
    Tags tags = Tags.of(Meters.nameTag(name));
    String key = resourceKey;
    Gauge.builder(RATE, l, x -> finiteOrNaN(x.ratePerSecond(key))).tags(tags).baseUnit("requests.per.second")
        .description("send rate the limiter allows now; NaN while not limiting").register(registry);
    Gauge.builder("cirrus.retry.rate.limited", l, x -> Double.isFinite(x.ratePerSecond(key)) ? 1 : 0).tags(tags)
        .description("1 while the limiter limits the resource, else 0").register(registry);
  }

  private static double finiteOrNaN(double rate) {
    return Double.isFinite(rate) ? rate : Double.NaN;
  }

  @Override
  public String toString() {
    return "RateLimiterMetrics{name=" + name + ", bound=" + (limiter.get() != null) + "}";
  }
}
