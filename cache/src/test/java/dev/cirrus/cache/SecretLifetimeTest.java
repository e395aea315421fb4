package dev.cirrus.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * How long a secret lives: an entry whose use or byte limit is reached is retired at once, by the
 * reservation that reached it, and its value is destroyed when the last lease on it closes, not at some
 * later acquire. Entries retired for any other cause while leases are open wait for the last close too.
 */
class SecretLifetimeTest {

  private final ManualTicker ticker = new ManualTicker();
  private final RecordingLoader loader = new RecordingLoader(ticker);
  private final List<String> events = new CopyOnWriteArrayList<>();

  private SecretCacheBuilder<String, TestSecret> builder(CachePolicy policy) {
    return SecretCache.<String, TestSecret>builder()
        .policy(policy)
        .ticker(ticker)
        .executor(Runnable::run)
        .listener(
            new CacheListener<>() {
              @Override
              public void onRetire(String key, RetirementCause cause) {
                events.add(key + " " + cause);
              }
            });
  }

  private SecretCache<String, TestSecret> cache(CachePolicy policy) {
    return builder(policy).build(loader);
  }

  private static CachePolicy.Builder limits() {
    return CachePolicy.builder().maxAge(Duration.ofMinutes(5));
  }

  @Test
  void close_lastLeaseOfEntryAtMaxUses_destroysValueAndRemovesEntryBeforeAnyFurtherCall() {
    SecretCache<String, TestSecret> cache = cache(limits().maxUses(1).build());

    cache.acquire("k", 10).close();

    TestSecret secret = loader.loaded.get(0);
    assertThat(secret.destroyCount).hasValue(1);
    assertThat(cache.estimatedSize()).isZero();
    assertThat(cache.stats().retirements(RetirementCause.USES)).isEqualTo(1);
    assertThat(events).containsExactly("k USES");
  }

  @Test
  void acquire_lastUseWhileLeaseOpen_retiresAtOnceAndDestroysOnlyOnClose() {
    SecretCache<String, TestSecret> cache = cache(limits().maxUses(2).build());
    cache.acquire("k").close();

    Lease<TestSecret> last = cache.acquire("k");

    TestSecret secret = last.value();
    assertThat(events).containsExactly("k USES");
    assertThat(cache.estimatedSize()).isZero();
    assertThat(secret.isDestroyed()).isFalse();
    last.close();
    assertThat(secret.destroyCount).hasValue(1);
    assertThat(events).containsExactly("k USES");
  }

  @Test
  void close_lastLeaseOfEntryAtMaxBytes_destroysValueAndRemovesEntry() {
    SecretCache<String, TestSecret> cache = cache(limits().maxBytes(100).build());
    cache.acquire("k", 60).close();
    assertThat(loader.loaded.get(0).isDestroyed()).isFalse();

    cache.acquire("k", 40).close();

    assertThat(loader.loaded.get(0).destroyCount).hasValue(1);
    assertThat(cache.estimatedSize()).isZero();
    assertThat(cache.stats().retirements(RetirementCause.BYTES)).isEqualTo(1);
    assertThat(events).containsExactly("k BYTES");
  }

  @Test
  void close_twoLeasesOnExhaustedEntry_destroysOnlyAfterBoth() {
    SecretCache<String, TestSecret> cache = cache(limits().maxUses(2).build());
    Lease<TestSecret> first = cache.acquire("k");
    Lease<TestSecret> second = cache.acquire("k");
    TestSecret secret = first.value();

    second.close();
    assertThat(secret.isDestroyed()).isFalse();
    first.close();

    assertThat(secret.destroyCount).hasValue(1);
    assertThat(cache.stats().retirements()).isEqualTo(1);
    assertThat(loader.calls).hasValue(1);
  }

  @Test
  void acquire_afterExhaustedEntryClosed_loadsFreshWithoutRetiringAgain() {
    SecretCache<String, TestSecret> cache = cache(limits().maxUses(1).build());
    cache.acquire("k").close();

    try (Lease<TestSecret> lease = cache.acquire("k")) {
      assertThat(lease.value().generation).isEqualTo(2);
    }

    assertThat(events).containsExactly("k USES", "k USES");
    assertThat(loader.loaded).allSatisfy(s -> assertThat(s.destroyCount).hasValue(1));
  }

  @Test
  void close_leaseOnEntryRetiredForAge_destroysOnlyThen() {
    SecretCache<String, TestSecret> cache = cache(limits().maxAge(Duration.ofSeconds(10)).build());
    Lease<TestSecret> old = cache.acquire("k");
    ticker.advance(Duration.ofSeconds(10));

    cache.acquire("k").close();
    assertThat(events).containsExactly("k AGE");
    assertThat(old.value().isDestroyed()).isFalse();
    TestSecret secret = old.value();
    old.close();

    assertThat(secret.destroyCount).hasValue(1);
  }

  @Test
  void close_leaseOnEntryEvictedForSize_destroysOnlyThen() {
    SecretCache<String, TestSecret> cache = cache(limits().maximumSize(1).build());
    Lease<TestSecret> pinned = cache.acquire("a");
    TestSecret secret = pinned.value();
    for (int i = 0; i < 20 && !events.contains("a SIZE"); i++) {
      cache.acquire("b" + i).close();
      cache.cleanUp();
    }
    assertThat(events).contains("a SIZE");
    assertThat(secret.isDestroyed()).isFalse();

    pinned.close();

    assertThat(secret.destroyCount).hasValue(1);
  }

  @Test
  void close_leaseOnInvalidatedEntry_destroysOnlyThen() {
    SecretCache<String, TestSecret> cache = cache(limits().build());
    Lease<TestSecret> lease = cache.acquire("k");
    TestSecret secret = lease.value();
    cache.invalidate("k");
    assertThat(secret.isDestroyed()).isFalse();

    lease.close();

    assertThat(secret.destroyCount).hasValue(1);
    assertThat(events).containsExactly("k EXPLICIT");
  }

  @Test
  void asyncClose_lastLeaseOfEntryAtMaxUses_destroysValueAndRemovesEntry() {
    AsyncSecretCache<String, TestSecret> cache =
        builder(limits().maxUses(1).build())
            .buildAsync((key, executor) -> CompletableFuture.completedFuture(loader.load(key)));

    cache.acquire("k", 10).join().close();

    assertThat(loader.loaded.get(0).destroyCount).hasValue(1);
    assertThat(cache.estimatedSize()).isZero();
    assertThat(events).containsExactly("k USES");
  }

  @Test
  void close_exhaustedEntryWithRefreshInFlight_refreshTakesItsPlace() {
    List<Runnable> background = new ArrayList<>();
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().maxUses(2).refreshAheadFraction(0.5).build())
            .ticker(ticker)
            .executor(background::add)
            .build(loader);
    cache.acquire("k").close(); // reaches the soft limit: a refresh is queued

    cache.acquire("k").close(); // the last use: retired and destroyed now
    assertThat(loader.loaded.get(0).destroyCount).hasValue(1);
    while (!background.isEmpty()) {
      background.remove(0).run(); // the refresh (and Caffeine's maintenance)
    }

    try (Lease<TestSecret> lease = cache.acquire("k")) {
      assertThat(lease.value().generation).isEqualTo(2);
    }
    assertThat(loader.calls).hasValue(2);
  }
}
