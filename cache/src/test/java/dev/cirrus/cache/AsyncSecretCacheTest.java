package dev.cirrus.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AsyncSecretCacheTest {

  private final ManualTicker ticker = new ManualTicker();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicReference<CompletableFuture<TestSecret>> inFlight = new AtomicReference<>();

  private AsyncSecretCache<String, TestSecret> cache(CachePolicy policy) {
    return SecretCache.<String, TestSecret>builder()
        .policy(policy)
        .ticker(ticker)
        .executor(Runnable::run)
        .buildAsync(
            (key, executor) -> {
              calls.incrementAndGet();
              CompletableFuture<TestSecret> future = new CompletableFuture<>();
              inFlight.set(future);
              return future;
            });
  }

  private static CachePolicy.Builder limits() {
    return CachePolicy.builder().maxAge(Duration.ofMinutes(5));
  }

  @Test
  void acquire_concurrentMisses_shareOneLoad() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().build());
    List<CompletableFuture<Lease<TestSecret>>> futures = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      futures.add(cache.acquire("k", 10));
    }
    assertThat(futures).noneMatch(CompletableFuture::isDone);
    TestSecret secret = new TestSecret("k", 1, 0);
    inFlight.get().complete(secret);

    assertThat(calls).hasValue(1);
    assertThat(futures).allSatisfy(f -> assertThat(f.join().value()).isSameAs(secret));
    futures.forEach(f -> f.join().close());
    CompletableFuture<Lease<TestSecret>> hit = cache.acquire("k", 10);
    assertThat(hit).isDone();
    hit.join().close();
    assertThat(cache.stats().misses()).isEqualTo(5);
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  void acquire_loadFails_everyWaiterFailsWithCauseAndNextAcquireReloads() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().build());
    CompletableFuture<Lease<TestSecret>> first = cache.acquire("k");
    CompletableFuture<Lease<TestSecret>> second = cache.acquire("k");
    IllegalStateException boom = new IllegalStateException("KMS down");

    inFlight.get().completeExceptionally(boom);

    assertThatThrownBy(first::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(CacheLoadException.class)
        .hasMessage("loading the value failed: java.lang.IllegalStateException: KMS down")
        .hasCause(boom);
    assertThatThrownBy(second::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(CacheLoadException.class)
        .hasCause(boom);
    CompletableFuture<Lease<TestSecret>> third = cache.acquire("k");
    assertThat(calls).hasValue(2);
    inFlight.get().complete(new TestSecret("k", 2, 0));
    assertThat(third.join().value().generation).isEqualTo(2);
  }

  @Test
  void acquire_loaderThrowsSynchronously_failedFuture() {
    AsyncSecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().build())
            .buildAsync(
                (key, executor) -> {
                  throw new IllegalArgumentException("bad key id");
                });

    assertThatThrownBy(() -> cache.acquire("k").join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(CacheLoadException.class)
        .hasMessage("loading the value failed: java.lang.IllegalArgumentException: bad key id");
  }

  @Test
  void acquire_loaderThrowsCheckedExceptionSynchronously_failedFutureAndNextAcquireReloads() {
    java.io.IOException io = new java.io.IOException("connection reset");
    AtomicInteger asyncCalls = new AtomicInteger();
    AsyncSecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().build())
            .buildAsync(
                (key, executor) -> {
                  if (asyncCalls.incrementAndGet() == 1) {
                    throw Sneaky.raise(io);
                  }
                  return CompletableFuture.completedFuture(new TestSecret(key, asyncCalls.get(), 0));
                });

    CompletableFuture<Lease<TestSecret>> failed = cache.acquire("k");

    assertThatThrownBy(failed::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(CacheLoadException.class)
        .hasMessage("loading the value failed: java.io.IOException: connection reset")
        .hasCause(io);
    CompletableFuture<Lease<TestSecret>> next = cache.acquire("k");
    assertThat(next).isDone();
    assertThat(next.join().value().generation).isEqualTo(2);
  }

  @Test
  void acquire_listenerThrowsErrorOnLoad_waiterStillCompletedAndKeyUsable() {
    AsyncSecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().build())
            .ticker(ticker)
            .listener(
                new CacheListener<>() {
                  @Override
                  public void onLoad(String key, Duration elapsed, boolean refresh) {
                    throw new AssertionError("metrics bug");
                  }
                })
            .buildAsync(
                (key, executor) -> {
                  calls.incrementAndGet();
                  CompletableFuture<TestSecret> future = new CompletableFuture<>();
                  inFlight.set(future);
                  return future;
                });
    CompletableFuture<Lease<TestSecret>> first = cache.acquire("k");
    CompletableFuture<Lease<TestSecret>> waiter = cache.acquire("k");
    TestSecret secret = new TestSecret("k", 1, 0);

    inFlight.get().complete(secret);

    assertThat(first).isDone();
    assertThat(waiter).isDone();
    first.join().close();
    waiter.join().close();
    CompletableFuture<Lease<TestSecret>> hit = cache.acquire("k");
    assertThat(hit).isDone();
    assertThat(hit.join().value()).isSameAs(secret);
    assertThat(calls).hasValue(1);
  }

  @Test
  void invalidate_listenerThrowsErrorOnRetire_valueStillDestroyed() {
    AsyncSecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(limits().build())
            .listener(
                new CacheListener<>() {
                  @Override
                  public void onRetire(String key, RetirementCause cause) {
                    throw new AssertionError("metrics bug");
                  }
                })
            .buildAsync((key, executor) -> CompletableFuture.completedFuture(new TestSecret(key, 1, 0)));
    TestSecret secret;
    try (Lease<TestSecret> lease = cache.acquire("k").join()) {
      secret = lease.value();
    }

    cache.invalidate("k");

    assertThat(secret.destroyCount).hasValue(1);
    assertThat(cache.stats().retirements(RetirementCause.EXPLICIT)).isEqualTo(1);
  }

  @Test
  void acquire_usesExhausted_loadsFreshAndDestroysOld() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().maxUses(1).build());
    CompletableFuture<Lease<TestSecret>> first = cache.acquire("k");
    TestSecret one = new TestSecret("k", 1, 0);
    inFlight.get().complete(one);
    first.join().close();

    CompletableFuture<Lease<TestSecret>> second = cache.acquire("k");
    inFlight.get().complete(new TestSecret("k", 2, 0));

    assertThat(second.join().value().generation).isEqualTo(2);
    assertThat(one.destroyCount).hasValue(1);
  }

  @Test
  void acquire_bytesOverMax_bypassesAndDestroysOnClose() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().maxBytes(10).build());
    CompletableFuture<Lease<TestSecret>> big = cache.acquire("k", 11);
    TestSecret secret = new TestSecret("k", 1, 0);
    inFlight.get().complete(secret);

    big.join().close();

    assertThat(secret.destroyCount).hasValue(1);
    assertThat(cache.estimatedSize()).isZero();
    assertThat(cache.stats().bypasses()).isEqualTo(1);
  }

  @Test
  void acquire_bypassLoadOutlivesMaxAge_failsAndDestroysValueInsteadOfHandingItOut() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().maxBytes(10).build());
    CompletableFuture<Lease<TestSecret>> big = cache.acquire("k", 11);
    TestSecret secret = new TestSecret("k", 1, 0);

    ticker.advance(Duration.ofMinutes(5));
    inFlight.get().complete(secret);

    assertThatThrownBy(big::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(CacheLoadException.class)
        .hasMessage("the loaded value was already PT5M old when the load finished, not less than maxAge PT5M");
    assertThat(secret.destroyCount).hasValue(1);
    assertThat(cache.stats().loads()).isEqualTo(1);
  }

  @Test
  void invalidate_whileLoading_valueRetiredWhenLoadCompletes() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().build());
    CompletableFuture<Lease<TestSecret>> first = cache.acquire("k");
    CompletableFuture<TestSecret> load = inFlight.get();

    cache.invalidate("k");
    TestSecret secret = new TestSecret("k", 1, 0);
    load.complete(secret);

    Lease<TestSecret> lease = first.join();
    assertThat(secret.isDestroyed()).isFalse();
    lease.close();
    assertThat(secret.destroyCount).hasValue(1);
    assertThat(cache.stats().retirements(RetirementCause.EXPLICIT)).isEqualTo(1);
  }

  @Test
  void acquire_initiatorFutureCancelledBeforeLoadCompletes_leaseClosedSoValueIsDestroyedOnRetire() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().build());
    CompletableFuture<Lease<TestSecret>> abandoned = cache.acquire("k");

    assertThat(abandoned.cancel(false)).isTrue();
    TestSecret secret = new TestSecret("k", 1, 0);
    inFlight.get().complete(secret);
    cache.invalidate("k");

    assertThat(secret.destroyCount).hasValue(1);
  }

  @Test
  void acquire_waiterFutureTimedOutBeforeLoadCompletes_leaseClosedAndNoUseCharged() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().maxUses(2).build());
    CompletableFuture<Lease<TestSecret>> first = cache.acquire("k");
    CompletableFuture<Lease<TestSecret>> waiter = cache.acquire("k");

    // what orTimeout does when its delay passes
    assertThat(waiter.completeExceptionally(new java.util.concurrent.TimeoutException())).isTrue();
    TestSecret secret = new TestSecret("k", 1, 0);
    inFlight.get().complete(secret);
    first.join().close();
    CompletableFuture<Lease<TestSecret>> second = cache.acquire("k");
    assertThat(second).isDone();
    try (Lease<TestSecret> lease = second.join()) {
      assertThat(lease.value()).isSameAs(secret);
    }
    cache.invalidate("k");

    assertThat(secret.destroyCount).hasValue(1);
  }

  @Test
  void acquire_bypassFutureCancelledBeforeLoadCompletes_valueDestroyed() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().maxBytes(10).build());
    CompletableFuture<Lease<TestSecret>> big = cache.acquire("k", 11);

    big.cancel(false);
    TestSecret secret = new TestSecret("k", 1, 0);
    inFlight.get().complete(secret);

    assertThat(secret.destroyCount).hasValue(1);
  }

  @Test
  void close_whileCallersWaitForALoad_waitersFailInsteadOfLoadingAgainAfterClose() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().build());
    CompletableFuture<Lease<TestSecret>> first = cache.acquire("k");
    CompletableFuture<Lease<TestSecret>> waiter = cache.acquire("k");
    TestSecret secret = new TestSecret("k", 1, 0);

    cache.close();
    inFlight.get().complete(secret);

    assertThat(calls).hasValue(1);
    assertThatThrownBy(waiter::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cache is closed");
    first.join().close();
    assertThat(secret.destroyCount).hasValue(1);
  }

  @Test
  void invalidate_whileLoadingPastRefreshFraction_noRefreshLoadForTheRetiredEntry() {
    AsyncSecretCache<String, TestSecret> cache =
        cache(limits().maxUses(2).refreshAheadFraction(0.5).build()); // the first use reaches the fraction
    CompletableFuture<Lease<TestSecret>> first = cache.acquire("k");

    cache.invalidate("k");
    inFlight.get().complete(new TestSecret("k", 1, 0));
    first.join().close();

    assertThat(calls).hasValue(1);
    assertThat(cache.stats().refreshes()).isZero();
  }

  @Test
  void acquire_badInput_throwsSynchronously() {
    AsyncSecretCache<String, TestSecret> cache = cache(limits().build());

    assertThatThrownBy(() -> cache.acquire(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
    assertThatThrownBy(() -> cache.acquire("k", -7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bytes must be between 0 and 9223372036854775807, was -7");
    cache.close();
    assertThatThrownBy(() -> cache.acquire("k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cache is closed");
  }
}
