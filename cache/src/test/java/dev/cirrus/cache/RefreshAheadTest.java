package dev.cirrus.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RefreshAheadTest {

  private final ManualTicker ticker = new ManualTicker();
  private final QueueExecutor executor = new QueueExecutor();
  private final RecordingLoader loader = new RecordingLoader(ticker);

  private SecretCache<String, TestSecret> cache(CachePolicy policy) {
    return SecretCache.<String, TestSecret>builder()
        .policy(policy)
        .ticker(ticker)
        .executor(executor)
        .build(loader);
  }

  private TestSecret use(SecretCache<String, TestSecret> cache) {
    try (Lease<TestSecret> lease = cache.acquire("k")) {
      return lease.value();
    }
  }

  @Test
  void acquire_pastUseFraction_startsOneBackgroundLoadAndKeepsServingOld() {
    SecretCache<String, TestSecret> cache =
        cache(CachePolicy.builder().maxAge(Duration.ofHours(1)).maxUses(10).refreshAheadFraction(0.5).build());

    for (int i = 1; i <= 4; i++) {
      assertThat(use(cache).generation).isEqualTo(1);
    }
    assertThat(cache.stats().refreshes()).isZero();
    assertThat(use(cache).generation).isEqualTo(1); // 5th use reaches 0.5 * 10
    assertThat(cache.stats().refreshes()).isEqualTo(1);
    assertThat(use(cache).generation).isEqualTo(1); // no second refresh while one is in flight
    assertThat(cache.stats().refreshes()).isEqualTo(1);

    executor.runAll();

    TestSecret old = loader.loaded.get(0);
    assertThat(old.destroyCount).hasValue(1);
    assertThat(use(cache).generation).isEqualTo(2);
    CacheStats stats = cache.stats();
    assertThat(stats.refreshes()).isEqualTo(1);
    assertThat(stats.loads()).isEqualTo(2);
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.retirements(RetirementCause.REPLACED)).isEqualTo(1);
  }

  @Test
  void acquire_pastAgeFraction_refreshesWhileOldStillValid() {
    SecretCache<String, TestSecret> cache =
        cache(CachePolicy.builder().maxAge(Duration.ofSeconds(100)).refreshAheadFraction(0.8).build());
    use(cache);

    ticker.advance(Duration.ofSeconds(79));
    use(cache);
    assertThat(cache.stats().refreshes()).isZero();
    ticker.advance(Duration.ofSeconds(1));
    Lease<TestSecret> held = cache.acquire("k");
    assertThat(held.value().generation).isEqualTo(1);
    executor.runAll();

    assertThat(held.value().isDestroyed()).isFalse();
    assertThat(use(cache).generation).isEqualTo(2);
    held.close();
    assertThat(loader.loaded.get(0).destroyCount).hasValue(1);
  }

  @Test
  void acquire_hardLimitWhileRefreshInFlight_waitsForThatRefreshInsteadOfLoadingAgain() {
    AsyncSecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(CachePolicy.builder().maxAge(Duration.ofHours(1)).maxUses(4).refreshAheadFraction(0.5).build())
            .ticker(ticker)
            .executor(executor)
            .buildAsync((key, ex) -> CompletableFuture.supplyAsync(() -> loader.load(key), ex));
    CompletableFuture<Lease<TestSecret>> first = cache.acquire("k");
    executor.runAll();
    first.join().close();
    cache.acquire("k").join().close();
    assertThat(loader.calls).hasValue(1);
    assertThat(cache.stats().refreshes()).isEqualTo(1);
    cache.acquire("k").join().close();
    cache.acquire("k").join().close();

    CompletableFuture<Lease<TestSecret>> fifth = cache.acquire("k");
    assertThat(fifth).isNotDone();
    executor.runAll();

    assertThat(fifth.join().value().generation).isEqualTo(2);
    assertThat(loader.calls).hasValue(2);
    assertThat(cache.stats().retirements(RetirementCause.USES)).isEqualTo(1);
  }

  @Test
  void refresh_loaderFails_oldEntryServedToHardLimitThenForegroundLoad() {
    AtomicInteger calls = new AtomicInteger();
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(CachePolicy.builder().maxAge(Duration.ofHours(1)).maxUses(4).refreshAheadFraction(0.5).build())
            .ticker(ticker)
            .executor(executor)
            .build(
                key -> {
                  int n = calls.incrementAndGet();
                  if (n == 2) {
                    throw new IllegalStateException("throttled");
                  }
                  return new TestSecret(key, n, ticker.read());
                });

    use(cache);
    use(cache);
    executor.runAll();
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(use(cache).generation).isEqualTo(1);
    assertThat(use(cache).generation).isEqualTo(1);
    assertThat(cache.stats().refreshes()).isEqualTo(1);

    assertThat(use(cache).generation).isEqualTo(3);
    assertThat(calls).hasValue(3);
  }

  @Test
  void refresh_executorThrowsError_callerKeepsLeaseAndHardLimitLoadsInForeground() {
    AtomicInteger calls = new AtomicInteger();
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(CachePolicy.builder().maxAge(Duration.ofHours(1)).maxUses(4).refreshAheadFraction(0.5).build())
            .ticker(ticker)
            .executor(
                task -> {
                  throw new AssertionError("executor down");
                })
            .build(key -> new TestSecret(key, calls.incrementAndGet(), ticker.read()));

    assertThat(use(cache).generation).isEqualTo(1);
    assertThat(use(cache).generation).isEqualTo(1); // starts the refresh, which cannot be submitted
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(use(cache).generation).isEqualTo(1);
    assertThat(use(cache).generation).isEqualTo(1);

    assertThat(use(cache).generation).isEqualTo(2); // hard limit: a foreground load, not a wait
    assertThat(calls).hasValue(2);
  }

  @Test
  void refresh_afterInvalidate_refreshedValueDiscardedAndDestroyed() {
    SecretCache<String, TestSecret> cache =
        cache(CachePolicy.builder().maxAge(Duration.ofHours(1)).maxUses(4).refreshAheadFraction(0.5).build());
    use(cache);
    use(cache);

    cache.invalidate("k");
    executor.runAll();

    assertThat(loader.loaded).hasSize(2).allMatch(s -> s.destroyCount.get() == 1);
    assertThat(use(cache).generation).isEqualTo(3);
  }
}
