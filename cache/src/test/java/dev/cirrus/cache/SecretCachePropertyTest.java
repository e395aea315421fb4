package dev.cirrus.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Random single-threaded interleavings of acquire, lease close, clock advance, invalidate, background
 * work (loads, refreshes, Caffeine maintenance) and loader failures: against the async cache with every
 * background task held in a queue until an operation runs it, and against the blocking cache with
 * background work run at once.
 */
class SecretCachePropertyTest {

  private static final long SEED = 0x5ec2e7cac4eL;

  /** One generated case: the policy is decoded from one int, each operation from another. */
  private static final class Run {
    final ManualTicker ticker = new ManualTicker();
    final QueueExecutor executor = new QueueExecutor();
    final CachePolicy policy;
    final List<TestSecret> loaded = new ArrayList<>();
    final Map<TestSecret, Boolean> bypass = new IdentityHashMap<>();
    /** Values loaded for a request larger than maxBytes: never cached, so never counted as retired. */
    final Map<TestSecret, Boolean> bypassLoads = new IdentityHashMap<>();
    /** Whether an acquire for more than maxBytes is running: a loader called now serves a bypass. */
    boolean bypassing;
    final List<Pending> pending = new ArrayList<>();
    final List<Lease<TestSecret>> open = new ArrayList<>();
    final AtomicBoolean failNext = new AtomicBoolean();
    final IllegalStateException boom = new IllegalStateException("injected load failure");
    final AsyncSecretCache<String, TestSecret> cache;
    final SecretCache<String, TestSecret> syncCache;

    /**
     * @param sync whether to drive the blocking cache (with every background task run at once on the
     *     calling thread, so that a single-threaded run never blocks) instead of the async one
     */
    Run(int policySeed, boolean sync) {
      CachePolicy.Builder builder =
          CachePolicy.builder()
              .maxAge(Duration.ofMillis(1 + policySeed % 100))
              .maxUses(1 + (policySeed / 100) % 6)
              .maxBytes(1 + (policySeed / 600) % 200)
              .maximumSize(1 + (policySeed / 120_000) % 3);
      int refresh = (policySeed / 360_000) % 4;
      if (refresh > 0) {
        builder.refreshAheadFraction(refresh * 0.25);
      }
      policy = builder.build();
      SecretCacheBuilder<String, TestSecret> cacheBuilder =
          SecretCache.<String, TestSecret>builder()
              .policy(policy)
              .ticker(ticker)
              .executor(sync ? Runnable::run : executor);
      if (sync) {
        syncCache = cacheBuilder.build(key -> load(key, ticker.read(), bypassing));
        cache = null;
      } else {
        cache =
            cacheBuilder.buildAsync(
                (key, ex) -> {
                  // Ages are measured from the loader call: the value exists from then on.
                  long requestedNanos = ticker.read();
                  boolean forBypass = bypassing;
                  return CompletableFuture.supplyAsync(() -> load(key, requestedNanos, forBypass), ex);
                });
        syncCache = null;
      }
    }

    private TestSecret load(String key, long requestedNanos, boolean forBypass) {
      if (failNext.getAndSet(false)) {
        throw boom;
      }
      TestSecret secret = new TestSecret(key, loaded.size() + 1, requestedNanos);
      loaded.add(secret);
      if (forBypass) {
        bypassLoads.put(secret, true);
      }
      return secret;
    }

    private CompletableFuture<Lease<TestSecret>> acquire(String key, long bytes) {
      bypassing = bytes > policy.maxBytes();
      try {
        if (cache != null) {
          return cache.acquire(key, bytes);
        }
        return CompletableFuture.completedFuture(syncCache.acquire(key, bytes));
      } catch (CacheLoadException e) {
        return CompletableFuture.failedFuture(new java.util.concurrent.CompletionException(e));
      } finally {
        bypassing = false;
      }
    }

    private CacheStats stats() {
      return cache != null ? cache.stats() : syncCache.stats();
    }

    void apply(int op) {
      int kind = op % 10;
      String key = "k" + (op / 10) % 3;
      int param = op / 30;
      switch (kind) {
        case 0:
        case 1:
        case 2:
        case 3:
          long bytes = param % (policy.maxBytes() + policy.maxBytes() / 4 + 2);
          pending.add(new Pending(key, bytes, acquire(key, bytes)));
          break;
        case 4:
          ticker.advance(Duration.ofNanos(1 + param % policy.maxAge().toNanos()));
          break;
        case 5:
          if (cache != null) {
            cache.invalidate(key);
          } else {
            syncCache.invalidate(key);
          }
          break;
        case 6:
        case 7:
          if (!open.isEmpty()) {
            open.remove(param % open.size()).close();
          }
          break;
        case 8:
          executor.runAll();
          break;
        default:
          if (param % 2 == 0) {
            failNext.set(true);
          } else if (cache != null) {
            cache.cleanUp();
          } else {
            syncCache.cleanUp();
          }
      }
      collect();
      checkInvariants();
    }

    /** Takes the leases of completed acquires, checking each against the limits as it is handed out. */
    void collect() {
      for (int i = 0; i < pending.size(); ) {
        Pending p = pending.get(i);
        if (!p.future.isDone()) {
          i++;
          continue;
        }
        pending.remove(i);
        if (p.future.isCompletedExceptionally()) {
          Throwable error = p.future.handle((l, e) -> e).join().getCause();
          assertThat(error).isInstanceOf(CacheLoadException.class);
          if (error.getCause() != boom) {
            // The clock passed maxAge while the load was queued: the value was too old on arrival.
            assertThat(error).hasMessageStartingWith("the loaded value was already ");
          }
          continue;
        }
        Lease<TestSecret> lease = p.future.join();
        TestSecret secret = lease.value();
        long uses = secret.uses.incrementAndGet();
        long totalBytes = secret.bytes.addAndGet(p.bytes);
        assertThat(secret.isDestroyed()).as("handed out after destruction: %s", secret).isFalse();
        assertThat(secret.key).isEqualTo(p.key);
        assertThat(ticker.read() - secret.loadedAtNanos).as("age of %s", secret).isLessThan(policy.maxAge().toNanos());
        if (p.bytes > policy.maxBytes()) {
          assertThat(bypassLoads).containsKey(secret);
          bypass.put(secret, true);
          assertThat(uses).as("uses of bypass value %s", secret).isEqualTo(1);
        } else {
          assertThat(bypass).doesNotContainKey(secret);
          assertThat(uses).as("uses of %s", secret).isLessThanOrEqualTo(policy.maxUses());
          assertThat(totalBytes).as("bytes of %s", secret).isLessThanOrEqualTo(policy.maxBytes());
        }
        open.add(lease);
      }
    }

    void checkInvariants() {
      assertThat(loaded).allSatisfy(s -> assertThat(s.destroyCount.get()).isLessThanOrEqualTo(1));
      assertThat(open).allSatisfy(l -> assertThat(l.value().isDestroyed()).isFalse());
      if (open.isEmpty()) {
        long destroyedCached =
            loaded.stream().filter(s -> s.isDestroyed() && !bypassLoads.containsKey(s)).count();
        assertThat(destroyedCached).isEqualTo(stats().retirements());
      }
    }

    void finish() {
      for (int round = 0; !pending.isEmpty(); round++) {
        assertThat(round).as("acquires still pending after running all background work").isLessThan(50);
        executor.runAll();
        collect();
      }
      open.forEach(Lease::close);
      open.clear();
      if (cache != null) {
        cache.close();
        executor.runAll();
        cache.cleanUp();
      } else {
        syncCache.close();
        syncCache.cleanUp();
      }
      executor.runAll();
      assertThat(loaded).allSatisfy(s -> assertThat(s.destroyCount).as("destroyed %s", s).hasValue(1));
      assertThat(stats().loads()).isEqualTo(loaded.size());
    }
  }

  private static final class Pending {
    final String key;
    final long bytes;
    final CompletableFuture<Lease<TestSecret>> future;

    Pending(String key, long bytes, CompletableFuture<Lease<TestSecret>> future) {
      this.key = key;
      this.bytes = bytes;
      this.future = future;
    }
  }

  @Test
  void anyInterleaving_neverHandsOutBeyondLimitsOrDestroyed_andDestroysEveryValueExactlyOnce() {
    check(false);
  }

  @Test
  void anyInterleavingOfBlockingCache_neverHandsOutBeyondLimitsOrDestroyed_andDestroysEveryValueExactlyOnce() {
    check(true);
  }

  private static void check(boolean sync) {
    qt().withFixedSeed(SEED)
        .withExamples(400)
        .forAll(
            integers().between(0, Integer.MAX_VALUE),
            lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 120))
        .checkAssert(
            (policySeed, ops) -> {
              Run run = new Run(policySeed, sync);
              for (int op : ops) {
                run.apply(op);
              }
              run.finish();
            });
  }
}
