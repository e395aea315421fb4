package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.s3.TransferProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class ProgressEventsTest {
  private static final int THREADS = 8;
  private static final int PARTS_PER_THREAD = 200;

  @Test
  void advance_concurrentPartsWithASlowListener_eventsStrictlyIncreaseAndTheTotalComesLastOnce() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      long[][] sizes = new long[THREADS][PARTS_PER_THREAD];
      long total = 0;
      for (long[] row : sizes) {
        for (int i = 0; i < row.length; i++) {
          row[i] = 1 + random.nextInt(1 << 20);
          total += row[i];
        }
      }
      List<TransferProgress> seen = new ArrayList<>(); // not threadsafe on purpose: the events are serialised
      SplittableRandom pause = new SplittableRandom(seed * 31);
      AtomicLong ticks = new AtomicLong();
      ProgressEvents events = new ProgressEvents(p -> {
        LockSupport.parkNanos(pause.nextInt(20_000)); // a listener that is slow for a while
        seen.add(p);
      }, "b", "k", total, ticks::incrementAndGet, 0);

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      try {
        for (long[] row : sizes) {
          pool.execute(() -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            for (long size : row) {
              events.advance(size, 1);
            }
          });
        }
        start.countDown();
      } finally {
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      }

      assertThat(seen).as("seed %d", seed).hasSize(THREADS * PARTS_PER_THREAD);
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i).bytesTransferred()).as("seed %d event %d", seed, i)
            .isGreaterThan(seen.get(i - 1).bytesTransferred());
        assertThat(seen.get(i).partsCompleted()).isEqualTo(i + 1);
        assertThat(seen.get(i).elapsed()).isGreaterThan(seen.get(i - 1).elapsed());
      }
      long finalTotal = total;
      assertThat(seen.get(seen.size() - 1).bytesTransferred()).isEqualTo(total);
      assertThat(seen).filteredOn(p -> p.bytesTransferred() == finalTotal).hasSize(1);
    }
  }

  @Test
  void advance_listenerThrows_nextEventStillDelivered() {
    List<Long> seen = new ArrayList<>();
    ProgressEvents events = new ProgressEvents(p -> {
      seen.add(p.bytesTransferred());
      if (seen.size() == 1) {
        throw new IllegalStateException("listener failure");
      }
    }, "b", "k", -1, () -> 0, 0);

    events.advance(5, 1);
    events.advance(7, 0);

    assertThat(seen).containsExactly(5L, 12L);
  }
}
