package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryPolicyAsyncTest {
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "retry-scheduler");
    t.setDaemon(true);
    return t;
  });

  {
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @AfterEach
  void shutdown() {
    scheduler.shutdownNow();
  }

  private static RetryPolicy.Builder policy() {
    return RetryPolicy.builder().random(() -> 0.5);
  }

  @Test
  void callAsync_failuresThenSuccess_retriesOnSchedulerThread() throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy p = policy().maxAttempts(4).backoff(Backoff.fixed(Duration.ofMillis(1))).build();

    CompletableFuture<String> result = p.callAsync(() -> {
      threads.add(Thread.currentThread().getName());
      return calls.incrementAndGet() < 3
          ? CompletableFuture.failedFuture(RetryPolicyTest.throttle())
          : CompletableFuture.completedFuture("ok");
    }, scheduler);

    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(threads).hasSize(3);
    assertThat(threads.get(0)).isEqualTo(Thread.currentThread().getName());
    assertThat(threads.subList(1, 3)).containsOnly("retry-scheduler");
  }

  @Test
  void callAsync_waitingForRetry_returnsWithoutBlockingAndOneTaskScheduled() {
    RetryPolicy p = policy().backoff(Backoff.fixed(Duration.ofHours(1))).build();

    CompletableFuture<String> result = p.callAsync(
        () -> CompletableFuture.failedFuture(RetryPolicyTest.serverError()), scheduler);

    assertThat(result).isNotDone();
    assertThat(scheduler.getQueue()).hasSize(1);
    assertThat(((java.util.concurrent.Delayed) scheduler.getQueue().peek()).getDelay(TimeUnit.MINUTES)).isBetween(59L, 60L);
  }

  @Test
  void callAsync_cancelledWhileWaiting_scheduledRetryCancelled() {
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy p = policy().backoff(Backoff.fixed(Duration.ofHours(1))).build();
    CompletableFuture<String> result = p.callAsync(() -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(RetryPolicyTest.serverError());
    }, scheduler);

    result.cancel(true);

    assertThat(scheduler.getQueue()).isEmpty();
    assertThat(calls).hasValue(1);
  }

  @Test
  void callAsync_cancelledDuringAttempt_attemptFutureCancelled() {
    CompletableFuture<String> inFlight = new CompletableFuture<>();
    CompletableFuture<String> result = policy().build().callAsync(() -> inFlight, scheduler);

    result.cancel(true);

    assertThat(inFlight).isCancelled();
  }

  @Test
  void callAsync_maxAttempts_completesExceptionallyWithExhausted() {
    RetryPolicy p = policy().maxAttempts(2).backoff(Backoff.fixed(Duration.ofMillis(1))).build();

    CompletableFuture<Object> result = p.callAsync(
        () -> CompletableFuture.failedFuture(RetryPolicyTest.throttle()), scheduler);

    Throwable t = catchThrowable(() -> result.get(10, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RetriesExhaustedException.class);
    RetriesExhaustedException e = (RetriesExhaustedException) t.getCause();
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.reason()).isEqualTo(GiveUpReason.MAX_ATTEMPTS);
  }

  @Test
  void callAsync_notRetryableCheckedInCompletionException_failsWithOriginal() {
    Exception checked = new Exception("no");
    CompletableFuture<Object> result = policy().build().callAsync(() -> {
      CompletableFuture<Object> f = new CompletableFuture<>();
      f.completeExceptionally(checked);
      return f.thenApply(x -> x);
    }, scheduler);

    assertThat(catchThrowable(result::join)).hasCause(checked);
  }

  @Test
  void callAsync_supplierThrows_treatedAsFailedAttempt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy p = policy().backoff(Backoff.fixed(Duration.ofMillis(1))).build();

    CompletableFuture<String> result = p.callAsync(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new java.io.UncheckedIOException(new java.io.IOException("reset"));
      }
      return CompletableFuture.completedFuture("ok");
    }, scheduler);

    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
  }

  @Test
  void callAsync_budgetExhausted_completesWithBudgetException() {
    RetryBudget budget = RetryBudget.ofCapacity(4);
    CompletableFuture<Object> result = policy().budget(budget).build().callAsync(
        () -> CompletableFuture.failedFuture(RetryPolicyTest.throttle()), scheduler);

    assertThat(catchThrowable(result::join)).hasCauseInstanceOf(RetryBudgetExhaustedException.class);
  }

  @Test
  void callAsync_abortPredicateThrows_futureCompletesWithThatFailure() {
    IllegalStateException bug = new IllegalStateException("predicate bug");
    RuntimeException throttle = RetryPolicyTest.throttle();
    RetryPolicy p = policy().abortOn(t -> {
      throw bug;
    }).build();

    CompletableFuture<Object> result = p.callAsync(() -> CompletableFuture.failedFuture(throttle), scheduler);

    assertThat(result).isCompletedExceptionally();
    assertThat(catchThrowable(result::join)).hasCause(bug);
    assertThat(bug.getSuppressed()).containsExactly(throttle);
  }

  @Test
  void callAsync_cancelledWhileRetryIsBeingScheduled_scheduledRetryCancelled() {
    AtomicReference<CompletableFuture<?>> resultRef = new AtomicReference<>();
    ScheduledThreadPoolExecutor racing = new ScheduledThreadPoolExecutor(1) {
      @Override
      public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        resultRef.get().cancel(true);
        return super.schedule(command, delay, unit);
      }
    };
    racing.setRemoveOnCancelPolicy(true);
    try {
      CompletableFuture<String> attempt = new CompletableFuture<>();
      CompletableFuture<String> result = policy().backoff(Backoff.fixed(Duration.ofHours(1))).build()
          .callAsync(() -> attempt, racing);
      resultRef.set(result);

      attempt.completeExceptionally(RetryPolicyTest.serverError());

      assertThat(result).isCancelled();
      assertThat(racing.getQueue()).isEmpty();
    } finally {
      racing.shutdownNow();
    }
  }

  @Test
  void callAsync_cancelledWhileWaitingToRetry_retryTokensRefunded() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    CompletableFuture<String> result = policy().budget(budget).backoff(Backoff.fixed(Duration.ofHours(1))).build()
        .callAsync(() -> CompletableFuture.failedFuture(RetryPolicyTest.throttle()), scheduler);
    assertThat(budget.availableTokens()).isEqualTo(95);

    result.cancel(true);

    assertThat(budget.availableTokens()).isEqualTo(100);
  }

  @Test
  void callAsync_schedulerRejectsRetry_failsWithRejectionCarryingLastFailureAndRefunds() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    RuntimeException throttle = RetryPolicyTest.throttle();
    scheduler.shutdown();

    CompletableFuture<String> result = policy().budget(budget).build()
        .callAsync(() -> CompletableFuture.failedFuture(throttle), scheduler);

    Throwable t = catchThrowable(result::join);
    assertThat(t).hasCauseInstanceOf(RejectedExecutionException.class);
    assertThat(t.getCause().getSuppressed()).containsExactly(throttle);
    assertThat(budget.availableTokens()).isEqualTo(100);
  }

  @Test
  void callAsync_firstLimiterSlotBeyondDeadline_failsAtOnceWithoutSchedulingOrCalling() {
    long[] now = {0};
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.builder().nanoTicker(() -> now[0]).minRatePerSecond(0.5)
        .maxRatePerSecond(0.5).build();
    limiter.onResponse("k", true);
    limiter.reserveNanos("k");
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy p = policy().nanoTicker(() -> now[0]).maxElapsed(Duration.ofSeconds(1)).rateLimiter(limiter).build();

    CompletableFuture<String> result = p.callAsync("k", () -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture("ok");
    }, scheduler);

    assertThat(catchThrowable(result::join)).hasCauseInstanceOf(RetriesExhaustedException.class);
    assertThat(((RetriesExhaustedException) catchThrowable(result::join).getCause()).reason())
        .isEqualTo(GiveUpReason.DEADLINE);
    assertThat(calls).hasValue(0);
    assertThat(scheduler.getQueue()).isEmpty();
  }

  @Test
  void callAsync_cancelledWhileWaitingForLimiterSlot_slotGivenBack() {
    long[] now = {0};
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.builder().nanoTicker(() -> now[0]).minRatePerSecond(0.5)
        .maxRatePerSecond(0.5).build();
    limiter.onResponse("k", true);
    CompletableFuture<String> result = policy().rateLimiter(limiter).build()
        .callAsync("k", () -> CompletableFuture.completedFuture("ok"), scheduler);

    result.cancel(true);

    assertThat(scheduler.getQueue()).isEmpty();
    assertThat(limiter.reserveNanos("k")).isEqualTo(2_000_000_000L);
  }
}
