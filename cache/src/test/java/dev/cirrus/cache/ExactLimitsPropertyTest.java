package dev.cirrus.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeded random limits large enough that hits take their uses and bytes from per-thread chunks, with
 * three threads on one key: no entry ever serves more than maxUses uses or maxBytes bytes, and every
 * entry but the current one served exactly up to a limit (no budget left stranded when it was refused).
 */
class ExactLimitsPropertyTest {

  private static final long SEED = 0xe8ac71L;
  private static final int THREADS = 3;
  private static final int ACQUIRES_PER_THREAD = 20_000;

  @Test
  void acquire_threeThreadsLargeLimits_neverExceedAndExhaustEachEntryExactly() {
    qt().withFixedSeed(SEED)
        .withExamples(12)
        .forAll(integers().between(1, 30_000), integers().between(1, 3_000_000), integers().between(0, 300))
        .checkAssert(this::run);
  }

  private void run(int maxUses, int maxBytes, int bytes) {
    long request = Math.min(bytes, maxBytes);
    ManualTicker ticker = new ManualTicker();
    RecordingLoader loader = new RecordingLoader(ticker);
    SecretCache<String, TestSecret> cache =
        SecretCache.<String, TestSecret>builder()
            .policy(CachePolicy.builder().maxAge(Duration.ofHours(1)).maxUses(maxUses).maxBytes(maxBytes).build())
            .ticker(ticker)
            .executor(Runnable::run)
            .build(loader);
    List<String> violations = new CopyOnWriteArrayList<>();

    runTogether(
        () -> {
          for (int i = 0; i < ACQUIRES_PER_THREAD; i++) {
            try (Lease<TestSecret> lease = cache.acquire("k", request)) {
              TestSecret secret = lease.value();
              long uses = secret.uses.incrementAndGet();
              long total = secret.bytes.addAndGet(request);
              if (uses > maxUses || total > maxBytes || secret.isDestroyed()) {
                violations.add(secret + " uses=" + uses + " bytes=" + total);
              }
            }
          }
        });

    assertThat(violations).isEmpty();
    List<TestSecret> loaded = loader.loaded;
    assertThat(loaded.stream().mapToLong(s -> s.uses.get()).sum()).isEqualTo((long) THREADS * ACQUIRES_PER_THREAD);
    for (TestSecret s : loaded.subList(0, loaded.size() - 1)) {
      boolean full = s.uses.get() == maxUses || maxBytes - s.bytes.get() < request;
      assertThat(full).as("%s retired with uses=%s bytes=%s", s, s.uses, s.bytes).isTrue();
      assertThat(s.destroyCount).hasValue(1);
    }
    cache.close();
    assertThat(loaded).allSatisfy(s -> assertThat(s.destroyCount).hasValue(1));
  }

  private static void runTogether(Runnable task) {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<?>[] done = new CompletableFuture<?>[THREADS];
      for (int t = 0; t < THREADS; t++) {
        done[t] =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  task.run();
                },
                pool);
      }
      go.countDown();
      CompletableFuture.allOf(done).orTimeout(60, TimeUnit.SECONDS).join();
    } finally {
      pool.shutdownNow();
    }
  }
}
