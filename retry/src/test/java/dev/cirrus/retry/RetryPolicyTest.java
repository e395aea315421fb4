package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;

class RetryPolicyTest {
  private final FakeTime time = new FakeTime();

  static AwsServiceException throttle() {
    return error(400, "ThrottlingException", SdkHttpResponse.builder().statusCode(400).build());
  }

  static AwsServiceException error(int status, String code, SdkHttpResponse response) {
    return AwsServiceException.builder().statusCode(status).message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).sdkHttpResponse(response).build()).build();
  }

  static AwsServiceException serverError() {
    return error(500, "InternalServerError", SdkHttpResponse.builder().statusCode(500).build());
  }

  /** Fails with the given failures in order, then returns "ok". */
  static Callable<String> failing(Exception... failures) {
    AtomicInteger calls = new AtomicInteger();
    return () -> {
      int i = calls.getAndIncrement();
      if (i < failures.length) {
        throw failures[i];
      }
      return "ok";
    };
  }

  @Test
  void call_throttlesThenSuccess_waitsThrottlingBackoffTable() {
    RetryPolicy policy = time.policy().maxAttempts(4)
        .throttlingBackoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)))
        .transientBackoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(1))).build();

    String result = policy.call(failing(throttle(), serverError(), throttle()));

    assertThat(result).isEqualTo("ok");
    assertThat(time.sleeps).containsExactly(100_000_000L, 20_000_000L, 400_000_000L);
  }

  @Test
  void call_fullJitterInjectedRandom_exactDelays() {
    double[] randoms = {0.25, 0.5, 0.75};
    AtomicInteger i = new AtomicInteger();
    RetryPolicy policy = time.policy().maxAttempts(4).random(() -> randoms[i.getAndIncrement()])
        .backoff(Backoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(10))).build();

    policy.call(failing(throttle(), throttle(), throttle()));

    assertThat(time.sleeps).containsExactly(25_000_000L, 100_000_000L, 300_000_000L);
  }

  @Test
  void call_maxAttemptsReached_exhaustedWithAttemptsAndFailures() {
    RetryPolicy policy = time.policy().maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(1))).build();
    AwsServiceException f1 = throttle();
    AwsServiceException f2 = serverError();
    AwsServiceException f3 = throttle();

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call(failing(f1, f2, f3)));

    assertThat(e.reason()).isEqualTo(GiveUpReason.MAX_ATTEMPTS);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.failures()).containsExactly(f1, f2, f3);
    assertThat(e.lastFailure()).isSameAs(f3);
    assertThat(e.elapsed()).isEqualTo(Duration.ofMillis(2));
    assertThat(e).hasMessageStartingWith("Gave up after 3 attempts (maxAttempts is 3); last failure: ");
  }

  @Test
  void call_notRetryableUnchecked_rethrownUnchangedWithEarlierFailuresSuppressed() {
    RetryPolicy policy = time.policy().backoff(Backoff.none()).build();
    AwsServiceException first = throttle();
    AwsServiceException denied = error(403, "AccessDeniedException", SdkHttpResponse.builder().statusCode(403).build());

    assertThatThrownBy(() -> policy.call(failing(first, denied))).isSameAs(denied);
    assertThat(denied.getSuppressed()).containsExactly(first);
  }

  @Test
  void call_notRetryableChecked_wrappedWithReason() {
    RetryPolicy policy = time.policy().build();
    Exception checked = new Exception("checked");

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call(failing(checked)));

    assertThat(e.reason()).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    assertThat(e.getCause()).isSameAs(checked);
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void call_abortPredicateMatches_noRetry() {
    RetryPolicy policy = time.policy().abortOn(t -> t instanceof IOException).build();
    IOException io = new IOException("reset");

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call(failing(io)));

    assertThat(e.reason()).isEqualTo(GiveUpReason.ABORTED);
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void call_deadlineWouldBePassed_givesUpBeforeWaiting() {
    RetryPolicy policy = time.policy().maxAttempts(10).maxElapsed(Duration.ofMillis(250))
        .backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10))).build();

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call(failing(throttle(), throttle(), throttle(), throttle())));

    assertThat(e.reason()).isEqualTo(GiveUpReason.DEADLINE);
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(time.sleeps).containsExactly(100_000_000L);
    assertThat(e).hasMessageContaining("the next retry would end after maxElapsed PT0.25S");
  }

  @Test
  void call_budgetTooSmall_failsFastWithBudgetState() {
    RetryBudget budget = RetryBudget.ofCapacity(12);
    RetryPolicy policy = time.policy().maxAttempts(10).budget(budget).backoff(Backoff.none()).build();

    RetryBudgetExhaustedException e = catchThrowableOfType(RetryBudgetExhaustedException.class,
        () -> policy.call(failing(throttle(), throttle(), throttle(), throttle())));

    assertThat(e.reason()).isEqualTo(GiveUpReason.BUDGET_EXHAUSTED);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.failures()).hasSize(3);
    assertThat(e.requiredTokens()).isEqualTo(5);
    assertThat(e.availableTokens()).isEqualTo(2);
    assertThat(e.capacity()).isEqualTo(12);
    assertThat(e).hasMessageStartingWith("Retry budget exhausted after 3 attempts: a retry needs 5 tokens, 2 of 12 available");
  }

  @Test
  void call_successAfterRetries_refundsEverythingTaken() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    RetryPolicy policy = time.policy().maxAttempts(5).budget(budget).backoff(Backoff.none()).build();

    policy.call(failing(throttle(), serverError()));
    assertThat(budget.availableTokens()).isEqualTo(100);

    budget.tryAcquire(10);
    policy.call(failing());
    assertThat(budget.availableTokens()).isEqualTo(91);
  }

  @Test
  void call_retryAfterHint_raisesDelayWithinBound() {
    SdkHttpResponse hinted = SdkHttpResponse.builder().statusCode(503).putHeader("x-amz-retry-after", "700").build();
    SdkHttpResponse huge = SdkHttpResponse.builder().statusCode(503).putHeader("Retry-After", "3600").build();
    RetryPolicy policy = time.policy().maxAttempts(3).maxRetryAfter(Duration.ofSeconds(2))
        .backoff(Backoff.fixed(Duration.ofMillis(10))).build();

    policy.call(failing(error(503, "SlowDown", hinted), error(503, "SlowDown", huge)));

    assertThat(time.sleeps).containsExactly(700_000_000L, 2_000_000_000L);
  }

  @Test
  void call_retryAfterNotHonoured_backoffOnly() {
    SdkHttpResponse hinted = SdkHttpResponse.builder().statusCode(503).putHeader("x-amz-retry-after", "700").build();
    RetryPolicy policy = time.policy().honourRetryAfter(false).backoff(Backoff.fixed(Duration.ofMillis(10))).build();

    policy.call(failing(error(503, "SlowDown", hinted)));

    assertThat(time.sleeps).containsExactly(10_000_000L);
  }

  @Test
  void call_listeners_seeEveryEventInOrder() {
    List<String> events = new ArrayList<>();
    RetryListener listener = new RetryListener() {
      @Override
      public void onAttempt(int attempt) {
        events.add("attempt " + attempt);
      }

      @Override
      public void onRetryScheduled(int attempt, Throwable failure, ErrorKind kind, Duration delay) {
        events.add("retry " + attempt + " " + kind + " " + delay.toMillis());
      }

      @Override
      public void onGiveUp(int attempts, Throwable lastFailure, GiveUpReason reason) {
        events.add("giveUp " + attempts + " " + reason);
      }

      @Override
      public void onSuccess(int attempts, Duration elapsed) {
        events.add("success " + attempts + " " + elapsed.toMillis());
      }
    };
    RetryPolicy policy = time.policy().maxAttempts(2).addListener(listener).addListener(new RetryListener() {
      @Override
      public void onAttempt(int attempt) {
        throw new IllegalStateException("broken metrics");
      }
    }).backoff(Backoff.fixed(Duration.ofMillis(5))).build();

    policy.call(failing(throttle()));
    catchThrowableOfType(RetriesExhaustedException.class, () -> policy.call(failing(serverError(), serverError())));

    assertThat(events).containsExactly("attempt 1", "retry 1 THROTTLING 5", "attempt 2", "success 2 5",
        "attempt 1", "retry 1 TRANSIENT 5", "attempt 2", "giveUp 2 MAX_ATTEMPTS");
  }

  @Test
  void run_runnableFailsOnce_retried() {
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy policy = time.policy().backoff(Backoff.none()).build();

    policy.run(() -> {
      if (calls.getAndIncrement() == 0) {
        throw new java.io.UncheckedIOException(new IOException("reset"));
      }
    });

    assertThat(calls).hasValue(2);
  }

  @Test
  void call_interruptedWhileWaiting_exhaustedInterruptedAndFlagSet() {
    RetryPolicy policy = time.policy().sleeper(n -> {
      throw new InterruptedException();
    }).build();

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call(failing(throttle())));

    assertThat(e.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void call_nullArguments_nullPointerNamingParameter() {
    RetryPolicy policy = RetryPolicy.defaults();
    assertThatThrownBy(() -> policy.call(null)).isInstanceOf(NullPointerException.class).hasMessage("callable");
    assertThatThrownBy(() -> policy.run(null)).isInstanceOf(NullPointerException.class).hasMessage("runnable");
    assertThatThrownBy(() -> policy.call(null, () -> 1)).isInstanceOf(NullPointerException.class)
        .hasMessage("resourceKey");
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor();
    try {
      assertThatThrownBy(() -> policy.callAsync(null, scheduler))
          .isInstanceOf(NullPointerException.class).hasMessage("supplier");
      assertThatThrownBy(() -> policy.callAsync(() -> null, null))
          .isInstanceOf(NullPointerException.class).hasMessage("scheduler");
      assertThatThrownBy(() -> policy.callAsync(null, () -> null, scheduler))
          .isInstanceOf(NullPointerException.class).hasMessage("resourceKey");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void builder_badValues_clearMessages() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, was 0");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(-3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, was -3");
    assertThatThrownBy(() -> RetryPolicy.builder().maxElapsed(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxElapsed must be positive, was PT-0.001S");
    assertThatThrownBy(() -> RetryPolicy.builder().transientBackoff(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("transientBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder().classifier(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("classifier");
    assertThatThrownBy(() -> RetryPolicy.builder().maxElapsed(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxElapsed must be positive, was PT0S");
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRetryAfter must not be negative, was PT-1S");
    assertThatThrownBy(() -> RetryPolicy.builder().throttlingBackoff(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("throttlingBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder().budget(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("budget");
  }

  @Test
  void toBuilder_reusedBuilder_doesNotChangeBuiltPolicy() {
    RetryPolicy.Builder builder = RetryPolicy.builder().maxAttempts(4);
    RetryPolicy first = builder.build();
    builder.maxAttempts(9).addListener(new RetryListener() {});

    assertThat(first.maxAttempts()).isEqualTo(4);
    assertThat(first.listeners()).isEmpty();
    assertThat(first.toBuilder().build().maxAttempts()).isEqualTo(4);
  }

  @Test
  void toBuilder_withoutBudgetLimiterDeadlineAndListeners_removesThemAndKeepsTheRest() {
    RetryPolicy full = RetryPolicy.builder().maxAttempts(5).maxElapsed(Duration.ofSeconds(9))
        .budget(RetryBudget.builder().build()).rateLimiter(AdaptiveRateLimiter.builder().build())
        .addListener(new RetryListener() {}).build();

    RetryPolicy bare = full.toBuilder().withoutBudget().withoutRateLimiter().withoutMaxElapsed().clearListeners()
        .build();

    assertThat(bare.budget()).isEmpty();
    assertThat(bare.rateLimiter()).isEmpty();
    assertThat(bare.maxElapsed()).isEmpty();
    assertThat(bare.listeners()).isEmpty();
    assertThat(bare.maxAttempts()).isEqualTo(5);
    assertThat(full.budget()).isPresent();
    assertThat(full.listeners()).hasSize(1);
  }

  @Test
  void defaults_documentedValues() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.maxElapsed()).isEmpty();
    assertThat(p.budget()).isEmpty();
    assertThat(p.rateLimiter()).isEmpty();
    assertThat(p.honourRetryAfter()).isTrue();
    assertThat(p.maxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.throttlingBackoff()).hasToString("Backoff.full_jitter(base=PT1S, cap=PT20S)");
    assertThat(p.transientBackoff()).hasToString("Backoff.full_jitter(base=PT0.05S, cap=PT20S)");
  }

  @Test
  void call_customBackoffReturnsNegative_retriesWithoutWaiting() {
    RetryPolicy policy = time.policy().honourRetryAfter(false).backoff((attempt, previous, random) -> -1L).build();

    String result = policy.call(failing(throttle()));

    assertThat(result).isEqualTo("ok");
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void call_limiterSlotBeyondDeadline_givesUpBeforeWaiting() {
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.builder().nanoTicker(time::now).minRatePerSecond(0.5)
        .maxRatePerSecond(0.5).build();
    limiter.onResponse("k", true);
    RetryPolicy policy = time.policy().maxAttempts(5).maxElapsed(Duration.ofSeconds(3)).rateLimiter(limiter)
        .backoff(Backoff.fixed(Duration.ofMillis(10))).build();

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call("k", failing(throttle(), throttle(), throttle())));

    // One slot every 2 s: the first attempt waits 2 s, the retry's slot would start at 4 s, after the deadline.
    assertThat(e.reason()).isEqualTo(GiveUpReason.DEADLINE);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(time.sleeps).containsExactly(2_000_000_000L);
    assertThat(limiter.reserveNanos("k")).isEqualTo(2_000_000_000L);
  }

  @Test
  void call_callableThrowsInterruptedException_interruptFlagKept() {
    InterruptedException interrupted = new InterruptedException("stop");
    RetryPolicy policy = time.policy().build();

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call(failing(interrupted)));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(e.getCause()).isSameAs(interrupted);
  }

  @Test
  void call_interruptedWhileWaitingToRetry_tokensRefundedAndInterruptKept() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    InterruptedException interrupt = new InterruptedException();
    RetryPolicy policy = time.policy().budget(budget).sleeper(n -> {
      throw interrupt;
    }).build();

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call(failing(throttle())));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(e.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
    assertThat(e.getSuppressed()).containsExactly(interrupt);
    assertThat(budget.availableTokens()).isEqualTo(100);
  }

  @Test
  void call_classifierThrows_failureOfAttemptSuppressedOnIt() {
    IllegalStateException bug = new IllegalStateException("classifier bug");
    AwsServiceException throttle = throttle();
    RetryPolicy policy = time.policy().classifier(t -> {
      throw bug;
    }).build();

    assertThatThrownBy(() -> policy.call(failing(throttle))).isSameAs(bug);
    assertThat(bug.getSuppressed()).containsExactly(throttle);
  }

  @Test
  void call_firstLimiterSlotBeyondDeadline_failsAtOnceAndGivesTheSlotBack() {
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.builder().nanoTicker(time::now).minRatePerSecond(0.5)
        .maxRatePerSecond(0.5).build();
    limiter.onResponse("k", true);
    limiter.reserveNanos("k");
    limiter.reserveNanos("k");
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy policy = time.policy().maxElapsed(Duration.ofSeconds(3)).rateLimiter(limiter).build();

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call("k", calls::incrementAndGet));

    // Two slots taken at 0.5/s: the third is 6 s away, after the 3 s deadline.
    assertThat(e.reason()).isEqualTo(GiveUpReason.DEADLINE);
    assertThat(e.attempts()).isZero();
    assertThat(e).hasMessage("Gave up before the first attempt: the rate limiter's next send slot for k is in PT6S,"
        + " after maxElapsed PT3S");
    assertThat(calls).hasValue(0);
    assertThat(time.sleeps).isEmpty();
    assertThat(limiter.reserveNanos("k")).isEqualTo(6_000_000_000L);
  }

  @Test
  void call_firstLimiterSlotBeyondDeadline_listenerToldOfGiveUpWithZeroAttempts() {
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.builder().nanoTicker(time::now).minRatePerSecond(0.5)
        .maxRatePerSecond(0.5).build();
    limiter.onResponse("k", true);
    limiter.reserveNanos("k");
    limiter.reserveNanos("k");
    List<String> events = new ArrayList<>();
    RetryListener listener = new RetryListener() {
      @Override
      public void onAttempt(int attempt) {
        events.add("attempt " + attempt);
      }

      @Override
      public void onGiveUp(int attempts, Throwable lastFailure, GiveUpReason reason) {
        events.add("giveUp " + attempts + " " + reason + " " + lastFailure.getClass().getSimpleName());
      }
    };
    RetryPolicy policy = time.policy().maxElapsed(Duration.ofSeconds(3)).rateLimiter(limiter).addListener(listener)
        .build();

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call("k", () -> "never"));
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    CompletionException async;
    try {
      async = catchThrowableOfType(CompletionException.class,
          () -> policy.callAsync("k", () -> CompletableFuture.completedFuture("never"), scheduler)
              .join());
    } finally {
      scheduler.shutdownNow();
    }

    assertThat(e.attempts()).isZero();
    assertThat(async).hasCauseInstanceOf(RetriesExhaustedException.class);
    assertThat(events).containsExactly(
        "giveUp 0 DEADLINE RetriesExhaustedException", "giveUp 0 DEADLINE RetriesExhaustedException");
  }

  @Test
  void call_interruptedWhileWaitingForFirstLimiterSlot_slotGivenBack() {
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.builder().nanoTicker(time::now).minRatePerSecond(0.5)
        .maxRatePerSecond(0.5).build();
    limiter.onResponse("k", true);
    RetryPolicy policy = time.policy().rateLimiter(limiter).sleeper(n -> {
      throw new InterruptedException();
    }).build();

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call("k", () -> "ok"));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(e.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
    assertThat(limiter.reserveNanos("k")).isEqualTo(2_000_000_000L);
  }
}
