package dev.cirrus.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Seeded random runs of two threads acquiring, holding and closing leases on two keys, with the odd
 * invalidation: no value is destroyed while a lease on it is open, no entry serves more than its limits,
 * every retired value is destroyed exactly once as soon as its last lease closes (an exhausted one
 * included, with no further acquire), and closing the cache destroys the rest.
 */
class SecretLifetimePropertyTest {

  private static final long SEED = 0x11fe71e5L;
  private static final int THREADS = 2;
  private static final int OPERATIONS = 3_000;

  @Test
  void acquireAndClose_twoThreadsRandomLimits_destroyEveryRetiredValueOnceAndNeverWhileLeased() {
    qt().withFixedSeed(SEED)
        .withExamples(40)
        .forAll(integers().between(1, 8), integers().between(1, 400), integers().between(0, 1_000_000))
        .checkAssert(this::run);
  }

  private void run(int maxUses, int maxBytes, int seed) {
    ManualTicker ticker = new ManualTicker();
    RecordingLoader loader = new RecordingLoader(ticker);
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(
                CachePolicy.builder()
                    .maxAge(Duration.ofHours(1))
                    .maxUses(maxUses)
                    .maxBytes(maxBytes)
                    .maximumSize(10)
                    .build())
            .ticker(ticker)
            .executor(Runnable::run)
            .build(loader);
    List<String> violations = new CopyOnWriteArrayList<>();

    runTogether(t -> work(cache, maxUses, maxBytes, new Random(seed * 31L + t), violations));

    assertThat(violations).isEmpty();
    assertThat(loader.loaded).allSatisfy(s -> assertThat(s.destroyedWhileLeased).isFalse());
    assertThat(loader.loaded).allSatisfy(s -> assertThat(s.destroyCount.get()).isLessThanOrEqualTo(1));
    assertThat(loader.loaded)
        .filteredOn(s -> s.uses.get() == maxUses || s.bytes.get() == maxBytes)
        .allSatisfy(s -> assertThat(s.destroyCount).as("exhausted %s", s).hasValue(1));
    long destroyed = loader.loaded.stream().filter(TestSecret::isDestroyed).count();
    assertThat(cache.stats().retirements()).isEqualTo(destroyed);

    cache.close();
    assertThat(loader.loaded).allSatisfy(s -> assertThat(s.destroyCount).hasValue(1));
  }

  private static void work(
      SecretCache<String, TestSecret> cache, int maxUses, int maxBytes, Random random, List<String> violations) {
    Deque<Lease<TestSecret>> held = new ArrayDeque<>();
    for (int i = 0; i < OPERATIONS; i++) {
      String key = "k" + random.nextInt(2);
      int action = random.nextInt(100);
      if (action == 0) {
        cache.invalidate(key);
      } else if (action < 30 && !held.isEmpty()) {
        close(held.removeFirst());
      } else {
        long bytes = random.nextInt(maxBytes / 2 + 2);
        Lease<TestSecret> lease = cache.acquire(key, bytes);
        TestSecret secret = lease.value();
        secret.openLeases.incrementAndGet();
        long uses = secret.uses.incrementAndGet();
        long total = secret.bytes.addAndGet(bytes);
        if (secret.isDestroyed() || uses > maxUses || total > maxBytes || !secret.key.equals(key)) {
          violations.add(secret + " uses=" + uses + " bytes=" + total + " destroyed=" + secret.isDestroyed());
        }
        if (action < 60 && held.size() < 3) {
          held.addLast(lease);
        } else {
          close(lease);
        }
      }
    }
    while (!held.isEmpty()) {
      close(held.removeFirst());
    }
  }

  /** Uncounts the test's lease before closing it: the close may destroy the value. */
  private static void close(Lease<TestSecret> lease) {
    lease.value().openLeases.decrementAndGet();
    lease.close();
  }

  private static void runTogether(java.util.function.IntConsumer task) {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CompletableFuture<?>[] done = new CompletableFuture<?>[THREADS];
      for (int t = 0; t < THREADS; t++) {
        int index = t;
        done[t] =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    go.await();
                    task.accept(index);
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                },
                pool);
      }
      go.countDown();
      CompletableFuture.allOf(done).orTimeout(60, TimeUnit.SECONDS).join();
      assertThat(failure).hasValue(null);
    } finally {
      pool.shutdownNow();
    }
  }
}
