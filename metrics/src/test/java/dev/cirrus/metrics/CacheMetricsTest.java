package dev.cirrus.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.cache.CacheLoadException;
import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.CacheStats;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.ManualTicker;
import dev.cirrus.cache.RetirementCause;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.cache.SecretCacheBuilder;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The cache meters over a real SecretCache, after a known sequence of operations. */
class CacheMetricsTest {
  private static final Duration LOAD_TIME = Duration.ofMillis(7);

  private final ManualTicker ticker = new ManualTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger loaderCalls = new AtomicInteger();

  private SecretCacheBuilder<String, byte[]> builder() {
    return SecretCache.<String, byte[]>builder().ticker(ticker).executor(Runnable::run)
        .policy(CachePolicy.builder().maxAge(Duration.ofMinutes(5)).maxUses(3).maxBytes(100).build());
  }

  private byte[] load(String key) {
    loaderCalls.incrementAndGet();
    ticker.advance(LOAD_TIME);
    if (key.startsWith("bad")) {
      throw new IllegalStateException("no such secret");
    }
    return new byte[] {1, 2, 3};
  }

  private static void use(SecretCache<String, byte[]> cache, String key, long bytes) {
    try (Lease<byte[]> lease = cache.acquire(key, bytes)) {
      assertThat(lease.value()).hasSize(3);
    }
  }

  private double counter(String name, String tag, String value) {
    return registry.get(name).tags("name", "orders", tag, value).functionCounter().count();
  }

  /** 3 misses, 4 hits, 1 bypass, 1 failed load; retired: 1 by uses, 1 explicitly, 1 by age. */
  private static void operate(SecretCache<String, byte[]> cache, ManualTicker ticker) {
    use(cache, "a", 1);     // miss, load 1
    use(cache, "a", 1);     // hit
    use(cache, "a", 1);     // hit: the 3rd and last use of this entry
    use(cache, "a", 1);     // miss: retired by USES, load 2
    use(cache, "a", 500);   // bypass: over max bytes, load 3 (uncached)
    use(cache, "b", 1);     // miss, load 4
    use(cache, "b", 1);     // hit
    use(cache, "a", 1);     // hit
    cache.invalidate("b");  // retired EXPLICIT
    Assertions.assertThatThrownBy(() -> cache.acquire("bad")).isInstanceOf(CacheLoadException.class);
    ticker.advance(Duration.ofMinutes(6));
    cache.cleanUp();        // "a" retired by AGE
  }

  @Test
  void bind_realOperations_countersEqualOperationsAndStats() {
    SecretCache<String, byte[]> cache = builder().build(this::load);
    CacheMetrics metrics = CirrusMetrics.bind(cache, registry, "orders");

    operate(cache, ticker);

    CacheStats stats = cache.stats();
    assertThat(counter("cirrus.cache.requests", "result", "hit")).isEqualTo(4).isEqualTo(stats.hits());
    assertThat(counter("cirrus.cache.requests", "result", "miss")).isEqualTo(4).isEqualTo(stats.misses());
    assertThat(counter("cirrus.cache.requests", "result", "bypass")).isEqualTo(1).isEqualTo(stats.bypasses());
    assertThat(counter("cirrus.cache.loads", "result", "success")).isEqualTo(4).isEqualTo(stats.loads());
    assertThat(counter("cirrus.cache.loads", "result", "failure")).isEqualTo(1).isEqualTo(stats.loadFailures());
    assertThat(counter("cirrus.cache.loads", "result", "success") + counter("cirrus.cache.loads", "result", "failure"))
        .isEqualTo(loaderCalls.get());
    assertThat(counter("cirrus.cache.retirements", "cause", "uses")).isEqualTo(1);
    assertThat(counter("cirrus.cache.retirements", "cause", "explicit")).isEqualTo(1);
    assertThat(counter("cirrus.cache.retirements", "cause", "age")).isEqualTo(1);
    for (RetirementCause cause : RetirementCause.values()) {
      assertThat(counter("cirrus.cache.retirements", "cause", cause.name().toLowerCase()))
          .as(cause.name()).isEqualTo(stats.retirements(cause));
    }
    assertThat(registry.get("cirrus.cache.refreshes").tags("name", "orders").functionCounter().count()).isZero();
    assertThat(registry.get("cirrus.cache.destroy.failures").tags("name", "orders").functionCounter().count())
        .isZero();
    assertThat(registry.get("cirrus.cache.entries").tags("name", "orders").gauge().value())
        .isEqualTo(cache.estimatedSize()).isZero();
    assertThat(metrics.name()).isEqualTo("orders");
  }

  @Test
  void bind_entriesLoaded_entriesGaugeFollowsTheCache() {
    SecretCache<String, byte[]> cache = builder().build(this::load);
    CirrusMetrics.bind(cache, registry, "orders");

    use(cache, "a", 1);
    use(cache, "b", 1);

    assertThat(registry.get("cirrus.cache.entries").tags("name", "orders").gauge().value()).isEqualTo(2);
  }

  @Test
  void cacheListener_realLoads_timesEachSuccessfulLoadByTheCacheTicker() {
    CacheLoadMetrics listener = CirrusMetrics.cacheListener(registry, "orders");
    SecretCache<String, byte[]> cache = builder().listener(listener).build(this::load);

    operate(cache, ticker);

    FunctionTimer loads = registry.get("cirrus.cache.load.duration").tags("name", "orders", "refresh", "false")
        .functionTimer();
    assertThat(loads.count()).isEqualTo(4).isEqualTo(cache.stats().loads());
    assertThat(loads.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(4 * LOAD_TIME.toNanos());
    assertThat(registry.get("cirrus.cache.load.duration").tags("name", "orders", "refresh", "true")
        .functionTimer().count()).isZero();
  }

  @Test
  void cacheListener_boundAfterTheLoads_seesTheLoadsBeforeBinding() {
    CacheLoadMetrics listener = new CacheLoadMetrics("orders");
    SecretCache<String, byte[]> cache = builder().listener(listener).build(this::load);
    use(cache, "a", 1);

    listener.bindTo(registry);

    assertThat(registry.get("cirrus.cache.load.duration").tags("refresh", "false").functionTimer().count())
        .isEqualTo(1);
  }

  @Test
  void bind_twoRegistries_eachSeesTheSameCounts() {
    SecretCache<String, byte[]> cache = builder().build(this::load);
    CacheMetrics metrics = CacheMetrics.of(cache, "orders");
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    metrics.bindTo(registry);
    metrics.bindTo(other);

    use(cache, "a", 1);
    use(cache, "a", 1);

    assertThat(counter("cirrus.cache.requests", "result", "hit")).isEqualTo(1);
    assertThat(other.get("cirrus.cache.requests").tags("result", "hit").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void bind_asyncCache_countsItsRequests() throws Exception {
    var cache = SecretCache.<String, byte[]>builder().ticker(ticker).executor(Runnable::run)
        .policy(CachePolicy.builder().maxAge(Duration.ofMinutes(5)).build())
        .buildAsync((k, executor) -> java.util.concurrent.CompletableFuture.completedFuture(new byte[] {1}));
    CirrusMetrics.bind(cache, registry, "orders");

    cache.acquire("a").get().close();
    cache.acquire("a").get().close();

    assertThat(counter("cirrus.cache.requests", "result", "miss")).isEqualTo(1);
    assertThat(counter("cirrus.cache.requests", "result", "hit")).isEqualTo(1);
    assertThat(registry.get("cirrus.cache.entries").gauge().value()).isEqualTo(1);
  }

  @Test
  void bind_tagsAreOnlyNameAndFixedValues_noKeyEverBecomesATag() {
    SecretCache<String, byte[]> cache = builder().build(this::load);
    CirrusMetrics.bind(cache, registry, "orders");
    operate(cache, ticker);

    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
        .noneMatch(t -> t.getValue().equals("a") || t.getValue().equals("b") || t.getValue().startsWith("bad")));
  }
}
