package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

  @Test
  void acquire_budgetUsedUp_blocksUntilRelease() throws Exception {
    BufferPool pool = new BufferPool(2, 100);
    PartBuffer a = pool.acquire(100, () -> false);
    pool.acquire(100, () -> false);
    CompletableFuture<Thread> waiter = new CompletableFuture<>();
    CompletableFuture<PartBuffer> third = CompletableFuture.supplyAsync(() -> {
      waiter.complete(Thread.currentThread());
      try {
        return pool.acquire(100, () -> false);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread t = waiter.join();
    while (t.getState() != Thread.State.WAITING && !third.isDone()) {
      Thread.onSpinWait();
    }

    assertThat(third).isNotDone();
    assertThat(pool.inUseBytes()).isEqualTo(200);
    pool.release(a);

    assertThat(third.join().capacity()).isEqualTo(100);
    assertThat(pool.peakAllocatedBytes()).isEqualTo(200);
    assertThat(pool.budgetBytes()).isEqualTo(200);
  }

  @Test
  void acquire_largerParts_growBudgetAndDropSmallIdleBuffers() throws Exception {
    BufferPool pool = new BufferPool(2, 100);
    PartBuffer small = pool.acquire(100, () -> false);
    pool.release(small);
    PartBuffer big1 = pool.acquire(300, () -> false);
    PartBuffer big2 = pool.acquire(300, () -> false);

    assertThat(pool.budgetBytes()).isEqualTo(600);
    assertThat(pool.peakAllocatedBytes()).isLessThanOrEqualTo(600);
    pool.release(big1);
    pool.release(big2);
    assertThat(pool.acquire(300, () -> false)).isSameAs(big1);
  }

  @Test
  void acquire_stopWhileWaiting_throwsCancellation() throws Exception {
    BufferPool pool = new BufferPool(1, 10);
    pool.acquire(10, () -> false);
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Thread> waiter = new CompletableFuture<>();
    CompletableFuture<PartBuffer> blocked = CompletableFuture.supplyAsync(() -> {
      waiter.complete(Thread.currentThread());
      try {
        return pool.acquire(10, stop::get);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread t = waiter.join();
    while (t.getState() != Thread.State.WAITING && !blocked.isDone()) {
      Thread.onSpinWait();
    }
    stop.set(true);
    pool.wakeUp();

    assertThatThrownBy(blocked::join).hasCauseInstanceOf(CancellationException.class)
        .hasMessageContaining("transfer stopped");
  }

  @Test
  void partBuffer_appendAndStream_roundTrips() throws Exception {
    BufferPool pool = new BufferPool(1, 10);
    PartBuffer b = pool.acquire(10, () -> false);
    assertThat(b.append(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0, 11)).isEqualTo(10);
    assertThat(b.isFull()).isTrue();
    assertThat(b.newInputStream().readAllBytes()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(b.newInputStream().readAllBytes()).hasSize(10);
  }

  @Test
  void constructor_zeroSlots_throwsIllegalArgument() {
    assertThatThrownBy(() -> new BufferPool(0, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slots must be at least 1, was 0");
  }
}
