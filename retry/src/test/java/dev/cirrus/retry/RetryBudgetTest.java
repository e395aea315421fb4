package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  @Test
  void create_defaults_likeSdkStandardMode() {
    RetryBudget budget = RetryBudget.create();
    assertThat(budget.capacity()).isEqualTo(500);
    assertThat(budget.availableTokens()).isEqualTo(500);
    assertThat(budget.retryCost(ErrorKind.THROTTLING)).isEqualTo(5);
    assertThat(budget.retryCost(ErrorKind.TRANSIENT)).isEqualTo(14);
    assertThat(budget.successRefund()).isEqualTo(1);
  }

  @Test
  void tryAcquire_untilEmpty_thenRefused() {
    RetryBudget budget = RetryBudget.ofCapacity(12);
    assertThat(budget.tryAcquire(5)).isTrue();
    assertThat(budget.tryAcquire(5)).isTrue();
    assertThat(budget.tryAcquire(5)).isFalse();
    assertThat(budget.availableTokens()).isEqualTo(2);
  }

  @Test
  void release_beyondCapacity_clamped() {
    RetryBudget budget = RetryBudget.ofCapacity(10);
    budget.tryAcquire(3);
    budget.release(Integer.MAX_VALUE);
    assertThat(budget.availableTokens()).isEqualTo(10);
  }

  @Test
  void retryCost_notRetryable_illegalArgument() {
    assertThatThrownBy(() -> RetryBudget.create().retryCost(ErrorKind.NOT_RETRYABLE))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("kind must be THROTTLING or TRANSIENT, was NOT_RETRYABLE");
  }

  @Test
  void builder_badValues_illegalArgumentNamingParameter() {
    assertThatThrownBy(() -> RetryBudget.ofCapacity(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be at least 1, was 0");
    assertThatThrownBy(() -> RetryBudget.builder().throttlingRetryCost(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("throttlingRetryCost must not be negative, was -1");
    assertThatThrownBy(() -> RetryBudget.builder().transientRetryCost(-2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transientRetryCost must not be negative, was -2");
    assertThatThrownBy(() -> RetryBudget.builder().successRefund(-3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("successRefund must not be negative, was -3");
    assertThatThrownBy(() -> RetryBudget.create().tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cost must not be negative, was -1");
    assertThatThrownBy(() -> RetryBudget.create().release(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amount must not be negative, was -1");
  }

  @Test
  void concurrentAcquireRelease_fourThreads_neverNegativeNorAboveCapacityAndConserved() throws Exception {
    RetryBudget budget = RetryBudget.ofCapacity(50);
    AtomicBoolean violated = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong netTaken = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long seed = t;
      Thread thread = new Thread(() -> {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> held = new ArrayList<>();
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 200_000; i++) {
          if (rnd.nextBoolean() || held.isEmpty()) {
            int cost = rnd.nextInt(1, 15);
            if (budget.tryAcquire(cost)) {
              held.add(cost);
              netTaken.addAndGet(cost);
            }
          } else {
            int cost = held.remove(held.size() - 1);
            budget.release(cost);
            netTaken.addAndGet(-cost);
          }
        }
        for (int cost : held) {
          budget.release(cost);
          netTaken.addAndGet(-cost);
        }
      });
      threads.add(thread);
      thread.start();
    }
    Thread observer = new Thread(() -> {
      while (running.get()) {
        int v = budget.availableTokens();
        if (v < 0 || v > 50) {
          violated.set(true);
        }
      }
    });
    observer.start();
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    running.set(false);
    observer.join();

    assertThat(violated).isFalse();
    assertThat(netTaken.get()).isZero();
    assertThat(budget.availableTokens()).isEqualTo(50);
  }
}
