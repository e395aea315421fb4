package dev.cirrus.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SecretCacheTest {

  private final ManualTicker ticker = new ManualTicker();
  private final RecordingLoader loader = new RecordingLoader(ticker);

  private SecretCache<String, TestSecret> cache(CachePolicy policy) {
    return SecretCache.<String, TestSecret>builder()
        .policy(policy)
        .ticker(ticker)
        .executor(Runnable::run)
        .build(loader);
  }

  private static CachePolicy.Builder limits() {
    return CachePolicy.builder().maxAge(Duration.ofMinutes(5));
  }

  @Test
  void acquire_repeatedOnOneKey_loadsOnceAndHitsAfter() {
    SecretCache<String, TestSecret> cache = cache(limits().build());

    TestSecret first;
    try (Lease<TestSecret> lease = cache.acquire("k", 10)) {
      first = lease.value();
    }
    try (Lease<TestSecret> lease = cache.acquire("k", 10)) {
      assertThat(lease.value()).isSameAs(first);
    }

    assertThat(loader.calls).hasValue(1);
    CacheStats stats = cache.stats();
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.loads()).isEqualTo(1);
    assertThat(first.isDestroyed()).isFalse();
  }

  @Test
  void acquire_differentKeys_loadEach() {
    SecretCache<String, TestSecret> cache = cache(limits().build());

    try (Lease<TestSecret> a = cache.acquire("a"); Lease<TestSecret> b = cache.acquire("b")) {
      assertThat(a.value().key).isEqualTo("a");
      assertThat(b.value().key).isEqualTo("b");
    }

    assertThat(loader.calls).hasValue(2);
  }

  @Test
  void acquire_maxUsesReached_retiresEntryAndLoadsFresh() {
    SecretCache<String, TestSecret> cache = cache(limits().maxUses(3).build());

    List<TestSecret> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try (Lease<TestSecret> lease = cache.acquire("k")) {
        seen.add(lease.value());
      }
    }

    assertThat(seen.subList(0, 3)).allMatch(s -> s.generation == 1);
    assertThat(seen.get(3).generation).isEqualTo(2);
    assertThat(seen.get(0).destroyCount).hasValue(1);
    assertThat(seen.get(3).isDestroyed()).isFalse();
    assertThat(cache.stats().retirements(RetirementCause.USES)).isEqualTo(1);
  }

  @Test
  void acquire_maxBytesWouldBeExceeded_retiresEntryAndLoadsFresh() {
    SecretCache<String, TestSecret> cache = cache(limits().maxBytes(100).build());

    TestSecret first;
    try (Lease<TestSecret> lease = cache.acquire("k", 60)) {
      first = lease.value();
    }
    try (Lease<TestSecret> lease = cache.acquire("k", 40)) {
      assertThat(lease.value()).isSameAs(first);
    }
    try (Lease<TestSecret> lease = cache.acquire("k", 1)) {
      assertThat(lease.value().generation).isEqualTo(2);
    }

    assertThat(first.destroyCount).hasValue(1);
    assertThat(cache.stats().retirements(RetirementCause.BYTES)).isEqualTo(1);
  }

  @Test
  void acquire_maxAgeReached_retiresEntryAndLoadsFresh() {
    SecretCache<String, TestSecret> cache = cache(limits().maxAge(Duration.ofSeconds(10)).build());
    TestSecret first;
    try (Lease<TestSecret> lease = cache.acquire("k")) {
      first = lease.value();
    }

    ticker.advance(Duration.ofSeconds(10).minusNanos(1));
    try (Lease<TestSecret> lease = cache.acquire("k")) {
      assertThat(lease.value()).isSameAs(first);
    }
    ticker.advance(Duration.ofNanos(1));
    try (Lease<TestSecret> lease = cache.acquire("k")) {
      assertThat(lease.value().generation).isEqualTo(2);
    }

    assertThat(first.destroyCount).hasValue(1);
    assertThat(cache.stats().retirements(RetirementCause.AGE)).isEqualTo(1);
  }

  @Test
  void acquire_largestMaxAgeAndMaxUses_servesWithoutOverflow() {
    SecretCache<String, TestSecret> cache =
        cache(limits().maxAge(Duration.ofNanos(Long.MAX_VALUE)).maxUses(1L << 32).maxBytes(Long.MAX_VALUE).build());

    try (Lease<TestSecret> first = cache.acquire("k", Long.MAX_VALUE - 1)) {
      ticker.advance(Duration.ofDays(365));
      try (Lease<TestSecret> second = cache.acquire("k", 1)) {
        assertThat(second.value()).isSameAs(first.value());
      }
    }
    try (Lease<TestSecret> third = cache.acquire("k", 1)) {
      assertThat(third.value().generation).isEqualTo(2);
    }
    assertThat(cache.stats().retirements(RetirementCause.BYTES)).isEqualTo(1);
  }

  @Test
  void acquire_requestLargerThanMaxBytes_bypassesCacheAndDestroysOnClose() {
    SecretCache<String, TestSecret> cache = cache(limits().maxBytes(100).build());
    TestSecret shared;
    try (Lease<TestSecret> lease = cache.acquire("k", 10)) {
      shared = lease.value();
    }

    TestSecret big;
    try (Lease<TestSecret> lease = cache.acquire("k", 101)) {
      big = lease.value();
      assertThat(big).isNotSameAs(shared);
      assertThat(big.isDestroyed()).isFalse();
    }

    assertThat(big.destroyCount).hasValue(1);
    // 89 more bytes leave the shared entry one byte below maxBytes; reaching it would retire the entry.
    try (Lease<TestSecret> lease = cache.acquire("k", 89)) {
      assertThat(lease.value()).isSameAs(shared);
    }
    assertThat(cache.stats().bypasses()).isEqualTo(1);
    assertThat(cache.stats().retirements()).isZero();
  }

  @Test
  void lease_openWhenEntryRetired_valueDestroyedOnlyWhenLastLeaseCloses() {
    SecretCache<String, TestSecret> cache = cache(limits().maxUses(2).build());
    Lease<TestSecret> first = cache.acquire("k");
    Lease<TestSecret> second = cache.acquire("k");
    TestSecret secret = first.value();

    try (Lease<TestSecret> third = cache.acquire("k")) {
      assertThat(third.value()).isNotSameAs(secret);
    }
    assertThat(secret.isDestroyed()).isFalse();
    first.close();
    assertThat(secret.isDestroyed()).isFalse();
    second.close();

    assertThat(secret.destroyCount).hasValue(1);
  }

  @Test
  void close_calledTwice_releasesOnce() {
    SecretCache<String, TestSecret> cache = cache(limits().maxUses(2).build());
    Lease<TestSecret> first = cache.acquire("k");
    Lease<TestSecret> second = cache.acquire("k");
    TestSecret secret = first.value();
    cache.invalidate("k");

    first.close();
    first.close();

    assertThat(secret.isDestroyed()).isFalse();
    second.close();
    assertThat(secret.destroyCount).hasValue(1);
  }

  @Test
  void value_afterClose_throwsIllegalState() {
    SecretCache<String, TestSecret> cache = cache(limits().build());
    Lease<TestSecret> lease = cache.acquire("k");
    lease.close();

    assertThatThrownBy(lease::value)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("lease is closed; acquire a new lease to use the value again");
    assertThat(lease).hasToString("Lease{closed}");
  }

  @Test
  void invalidate_existingEntry_retiresExplicitlyAndReloads() {
    SecretCache<String, TestSecret> cache = cache(limits().build());
    TestSecret first;
    try (Lease<TestSecret> lease = cache.acquire("k")) {
      first = lease.value();
    }

    cache.invalidate("k");

    assertThat(first.destroyCount).hasValue(1);
    try (Lease<TestSecret> lease = cache.acquire("k")) {
      assertThat(lease.value().generation).isEqualTo(2);
    }
    assertThat(cache.stats().retirements(RetirementCause.EXPLICIT)).isEqualTo(1);
  }

  @Test
  void invalidateAll_severalEntries_retiresEach() {
    SecretCache<String, TestSecret> cache = cache(limits().build());
    cache.acquire("a").close();
    cache.acquire("b").close();

    cache.invalidateAll();

    assertThat(loader.loaded).allMatch(s -> s.destroyCount.get() == 1);
    assertThat(cache.stats().retirements(RetirementCause.EXPLICIT)).isEqualTo(2);
  }

  @Test
  void close_cache_retiresEntriesAndRejectsAcquire() {
    SecretCache<String, TestSecret> cache = cache(limits().build());
    Lease<TestSecret> open = cache.acquire("k");

    cache.close();
    cache.close();

    assertThat(open.value().isDestroyed()).isFalse();
    open.close();
    assertThat(loader.loaded.get(0).destroyCount).hasValue(1);
    assertThatThrownBy(() -> cache.acquire("k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cache is closed");
  }

  @Test
  void cleanUp_idleEntryPastMaxAge_retiresAndDestroysWithoutAcquire() {
    SecretCache<String, TestSecret> cache = cache(limits().maxAge(Duration.ofSeconds(1)).build());
    cache.acquire("k").close();

    ticker.advance(Duration.ofSeconds(2));
    cache.cleanUp();

    assertThat(loader.loaded.get(0).destroyCount).hasValue(1);
    assertThat(cache.stats().retirements(RetirementCause.AGE)).isEqualTo(1);
    assertThat(cache.estimatedSize()).isZero();
  }

  @Test
  void acquire_moreKeysThanMaximumSize_evictsAndDestroys() {
    SecretCache<String, TestSecret> cache = cache(limits().maximumSize(2).build());

    for (int i = 0; i < 10; i++) {
      cache.acquire("k" + i).close();
    }
    cache.cleanUp();

    assertThat(cache.estimatedSize()).isLessThanOrEqualTo(2);
    long destroyed = loader.loaded.stream().filter(TestSecret::isDestroyed).count();
    assertThat(destroyed).isEqualTo(cache.stats().retirements(RetirementCause.SIZE)).isGreaterThanOrEqualTo(8);
    assertThat(loader.loaded).allMatch(s -> s.destroyCount.get() <= 1);
  }

  @Test
  void acquire_loaderThrows_exceptionCarriesCauseAndNextAcquireReloads() {
    IllegalStateException boom = new IllegalStateException("KMS unavailable");
    AtomicInteger calls = new AtomicInteger();
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().build())
            .ticker(ticker)
            .build(
                key -> {
                  if (calls.incrementAndGet() == 1) {
                    throw boom;
                  }
                  return new TestSecret(key, calls.get(), ticker.read());
                });

    assertThatThrownBy(() -> cache.acquire("k"))
        .isInstanceOf(CacheLoadException.class)
        .hasMessage("loading the value failed: java.lang.IllegalStateException: KMS unavailable")
        .hasCause(boom)
        .satisfies(e -> assertThat(((CacheLoadException) e).waited()).isFalse());
    try (Lease<TestSecret> lease = cache.acquire("k")) {
      assertThat(lease.value().generation).isEqualTo(2);
    }
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(cache.stats().loads()).isEqualTo(1);
  }

  @Test
  void acquire_loaderThrowsCheckedException_failsWithCauseAndNextAcquireReloads() {
    java.io.IOException io = new java.io.IOException("connection reset");
    AtomicInteger calls = new AtomicInteger();
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().maxBytes(100).build())
            .ticker(ticker)
            .build(
                key -> {
                  if (calls.incrementAndGet() <= 2) {
                    throw Sneaky.raise(io);
                  }
                  return new TestSecret(key, calls.get(), ticker.read());
                });

    assertThatThrownBy(() -> cache.acquire("k"))
        .isInstanceOf(CacheLoadException.class)
        .hasMessage("loading the value failed: java.io.IOException: connection reset")
        .hasCause(io);
    assertThatThrownBy(() -> cache.acquire("k", 101))
        .isInstanceOf(CacheLoadException.class)
        .hasMessage("loading the value failed: java.io.IOException: connection reset")
        .hasCause(io);
    assertThat(cache.estimatedSize()).isZero();
    try (Lease<TestSecret> lease = cache.acquire("k")) {
      assertThat(lease.value().generation).isEqualTo(3);
    }
    assertThat(cache.stats().loadFailures()).isEqualTo(2);
  }

  @Test
  void acquire_loaderReturnsNull_throwsCacheLoadException() {
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder().policy(limits().build()).build(key -> null);

    assertThatThrownBy(() -> cache.acquire("k"))
        .isInstanceOf(CacheLoadException.class)
        .hasMessage("loading the value failed: java.lang.NullPointerException: the loader returned null")
        .hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  void acquire_nullKey_throwsNullPointerException() {
    SecretCache<String, TestSecret> cache = cache(limits().build());

    assertThatThrownBy(() -> cache.acquire(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> cache.invalidate(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
  }

  @Test
  void acquire_negativeBytes_throwsIllegalArgument() {
    SecretCache<String, TestSecret> cache = cache(limits().build());

    assertThatThrownBy(() -> cache.acquire("k", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bytes must be between 0 and 9223372036854775807, was -1");
  }

  @Test
  void build_withoutPolicy_throwsIllegalState() {
    assertThatThrownBy(() -> SecretCache.<String, TestSecret>builder().build(loader))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("policy is required; call policy(CachePolicy) before build");
  }

  @Test
  void listener_events_receivedWithoutValues() {
    List<String> events = new ArrayList<>();
    CacheListener<String> listener =
        new CacheListener<>() {
          @Override
          public void onLoad(String key, Duration elapsed, boolean refresh) {
            events.add("load " + key + " " + elapsed + " " + refresh);
          }

          @Override
          public void onRetire(String key, RetirementCause cause) {
            events.add("retire " + key + " " + cause);
          }
        };
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().maxUses(1).build())
            .ticker(ticker)
            .listener(listener)
            .build(loader);

    cache.acquire("k").close();
    cache.acquire("k").close();

    // Each load of maxUses 1 is retired by its only use, not by the next acquire.
    assertThat(events)
        .containsExactly("load k PT0S false", "retire k USES", "load k PT0S false", "retire k USES");
  }

  @Test
  void listener_loadFailure_receivesLoaderException() {
    List<Throwable> failures = new ArrayList<>();
    IllegalStateException boom = new IllegalStateException("AccessDeniedException");
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().build())
            .listener(
                new CacheListener<>() {
                  @Override
                  public void onLoadFailure(String key, Throwable error, boolean refresh) {
                    failures.add(error);
                  }
                })
            .build(
                key -> {
                  throw boom;
                });

    assertThatThrownBy(() -> cache.acquire("k")).isInstanceOf(CacheLoadException.class);

    assertThat(failures).containsExactly(boom);
  }

  @Test
  void listener_throws_cacheKeepsWorking() {
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().maxUses(1).build())
            .listener(
                new CacheListener<>() {
                  @Override
                  public void onRetire(String key, RetirementCause cause) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .build(loader);

    cache.acquire("k").close();
    cache.acquire("k").close();

    assertThat(loader.loaded.get(0).destroyCount).hasValue(1);
  }

  @Test
  void destroyer_custom_calledOncePerRetiredValueAndFailuresCounted() {
    List<TestSecret> destroyed = new ArrayList<>();
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().maxUses(1).build())
            .destroyer(
                s -> {
                  destroyed.add(s);
                  throw new IllegalStateException("cannot wipe");
                })
            .build(loader);

    cache.acquire("k").close();
    cache.acquire("k").close();

    // Both values served their only use, so both were destroyed when their lease closed.
    assertThat(destroyed).containsExactly(loader.loaded.get(0), loader.loaded.get(1));
    assertThat(cache.stats().destroyFailures()).isEqualTo(2);
  }
}
