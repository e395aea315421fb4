package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RetryExecutionTest {
  private final FakeTime time = new FakeTime();

  private RetryPolicy.Builder policy() {
    return time.policy().transientBackoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)))
        .throttlingBackoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(20)));
  }

  private static RetryExecution started(RetryPolicy policy) {
    RetryExecution execution = policy.newExecution();
    execution.start();
    execution.attemptStarting();
    return execution;
  }

  @Test
  void start_noRateLimiter_firstAttemptAtOnce() {
    RetryExecution execution = policy().build().newExecution();

    RetryExecution.Decision first = execution.start();

    assertThat(first.givesUp()).isFalse();
    assertThat(first.delayNanos()).isZero();
    assertThat(first.delay()).isEqualTo(Duration.ZERO);
    assertThat(first.reason()).isEmpty();
    assertThat(execution.attempts()).isZero();
  }

  @Test
  void onFailure_retryableWithinMaxAttempts_retriesAfterTheTransientBackoff() {
    RetryExecution execution = started(policy().maxAttempts(3).build());

    RetryExecution.Decision first = execution.onFailure(new IOException("reset"));
    execution.attemptStarting();
    RetryExecution.Decision second = execution.onFailure(new IOException("reset"));

    assertThat(first.givesUp()).isFalse();
    assertThat(first.delay()).isEqualTo(Duration.ofMillis(100));
    assertThat(second.delayNanos()).isEqualTo(200_000_000L);
    assertThat(execution.attempts()).isEqualTo(2);
  }

  @Test
  void onFailure_lastAttemptFails_givesUpWithMaxAttempts() {
    RetryExecution execution = started(policy().maxAttempts(1).build());

    RetryExecution.Decision decision = execution.onFailure(new IOException("reset"));

    assertThat(decision.givesUp()).isTrue();
    assertThat(decision.reason()).contains(GiveUpReason.MAX_ATTEMPTS);
    assertThat(decision).hasToString("give up (MAX_ATTEMPTS)");
  }

  @Test
  void onFailure_notRetryable_givesUpAtOnce() {
    RetryExecution execution = started(policy().maxAttempts(5).build());

    RetryExecution.Decision decision = execution.onFailure(new IllegalStateException("bug"));

    assertThat(decision.reason()).contains(GiveUpReason.NOT_RETRYABLE);
    assertThat(execution.attempts()).isEqualTo(1);
  }

  @Test
  void onFailure_completionExceptionAroundRetryable_classifiesTheCause() {
    RetryExecution execution = started(policy().build());

    RetryExecution.Decision decision =
        execution.onFailure(new CompletionException(new IOException("reset")));

    assertThat(decision.givesUp()).isFalse();
  }

  @Test
  void onFailure_budgetCannotPay_givesUpWithBudgetExhausted() {
    RetryBudget budget = RetryBudget.ofCapacity(10);
    RetryExecution execution = started(policy().budget(budget).build());

    RetryExecution.Decision decision = execution.onFailure(new IOException("reset"));

    assertThat(decision.reason()).contains(GiveUpReason.BUDGET_EXHAUSTED);
    assertThat(budget.availableTokens()).isEqualTo(10);
  }

  @Test
  void onThrottled_withinMaxAttempts_retriesAfterTheThrottlingBackoff() {
    RetryExecution execution = started(policy().maxAttempts(3).build());

    RetryExecution.Decision first = execution.onThrottled();
    execution.attemptStarting();
    RetryExecution.Decision second = execution.onThrottled();

    assertThat(first.delay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(second.delay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void onThrottled_classifierAndAbortPredicate_neitherConsulted() {
    List<Throwable> seen = new ArrayList<>();
    RetryPolicy policy = policy().classifier(f -> {
      seen.add(f);
      return ErrorKind.NOT_RETRYABLE;
    }).abortOn(f -> true).build();
    RetryExecution execution = started(policy);

    RetryExecution.Decision decision = execution.onThrottled();

    assertThat(decision.givesUp()).isFalse();
    assertThat(seen).isEmpty();
  }

  @Test
  void onThrottled_throttlingRetry_paysTheThrottlingCost() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    RetryExecution execution = started(policy().budget(budget).build());

    execution.onThrottled();

    assertThat(budget.availableTokens()).isEqualTo(100 - budget.throttlingRetryCost());
  }

  @Test
  void onThrottled_lastAttempt_givesUpAndTellsListenersOfAStandIn() {
    List<String> events = new ArrayList<>();
    RetryPolicy policy = policy().maxAttempts(2).addListener(new RetryListener() {
      @Override
      public void onRetryScheduled(int attempt, Throwable failure, ErrorKind kind, Duration delay) {
        events.add("retry " + attempt + " " + kind + " " + delay + ": " + failure.getMessage());
      }

      @Override
      public void onGiveUp(int attempts, Throwable lastFailure, GiveUpReason reason) {
        events.add("give up " + attempts + " " + reason + ": " + lastFailure.getMessage());
      }
    }).build();
    RetryExecution execution = started(policy);

    execution.onThrottled();
    execution.attemptStarting();
    RetryExecution.Decision decision = execution.onThrottled();

    assertThat(decision.reason()).contains(GiveUpReason.MAX_ATTEMPTS);
    assertThat(events).containsExactly(
        "retry 1 THROTTLING PT1S: Attempt 1 was partly throttled: the service left part of the request unprocessed",
        "give up 2 MAX_ATTEMPTS: Attempt 2 was partly throttled: the service left part of the request unprocessed");
  }

  @Test
  void onSuccess_afterARetry_refundsTheBudgetAndTellsListeners() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    List<Integer> successes = new ArrayList<>();
    RetryPolicy policy = policy().budget(budget).addListener(new RetryListener() {
      @Override
      public void onSuccess(int attempts, Duration elapsed) {
        successes.add(attempts);
      }
    }).build();
    RetryExecution execution = started(policy);
    execution.onFailure(new IOException("reset"));
    execution.attemptStarting();

    execution.onSuccess();

    assertThat(budget.availableTokens()).isEqualTo(100);
    assertThat(successes).containsExactly(2);
  }

  @Test
  void onInterrupted_whileWaiting_givesUpAndRefundsTheUnstartedRetry() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    RetryExecution execution = started(policy().budget(budget).build());
    IOException reset = new IOException("reset");
    execution.onFailure(reset);
    InterruptedException interrupt = new InterruptedException("stop");

    RetriesExhaustedException ended = execution.onInterrupted(interrupt);

    assertThat(ended.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
    assertThat(ended.failures()).containsExactly(reset);
    assertThat(ended.getSuppressed()).containsExactly(interrupt);
    assertThat(budget.availableTokens()).isEqualTo(100);
    assertThatThrownBy(execution::attemptStarting).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gave up after 1 attempts: INTERRUPTED");
  }

  @Test
  void onFailure_afterGiveUp_throwsIllegalStateException() {
    RetryExecution execution = started(policy().maxAttempts(1).build());
    execution.onFailure(new IOException("reset"));

    assertThatThrownBy(() -> execution.onFailure(new IOException("again")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("onFailure(Throwable) is not allowed: no attempt in progress (call attemptStarting() before "
            + "each attempt); the execution is over (gave up after 1 attempts: MAX_ATTEMPTS)");
  }

  @Test
  void attemptStarting_beforeStart_throwsIllegalStateException() {
    RetryExecution execution = policy().build().newExecution();

    assertThatThrownBy(execution::attemptStarting).isInstanceOf(IllegalStateException.class)
        .hasMessage("attemptStarting() is not allowed: no decision to make an attempt (call start() first, and "
            + "report each attempt before the next); the execution is not started");
  }

  @Test
  void attemptStarting_twiceWithoutReport_throwsIllegalStateException() {
    RetryExecution execution = started(policy().build());

    assertThatThrownBy(execution::attemptStarting).isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("the execution is in attempt 1");
    assertThat(execution.attempts()).isEqualTo(1);
  }

  @Test
  void start_twice_throwsIllegalStateException() {
    RetryExecution execution = policy().build().newExecution();
    execution.start();

    assertThatThrownBy(execution::start).isInstanceOf(IllegalStateException.class)
        .hasMessage("start() is not allowed: the execution has already started; the execution is waiting for "
            + "attempt 1");
  }

  @Test
  void onSuccess_noAttemptInProgress_throwsIllegalStateException() {
    RetryExecution execution = policy().build().newExecution();
    execution.start();

    assertThatThrownBy(execution::onSuccess).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("onSuccess() is not allowed: no attempt in progress");
  }

  @Test
  void onThrottled_afterSuccess_throwsIllegalStateException() {
    RetryExecution execution = started(policy().build());
    execution.onSuccess();

    assertThatThrownBy(execution::onThrottled).isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("the execution is over (succeeded after 1 attempts)");
  }

  @Test
  void onInterrupted_duringAnAttempt_throwsIllegalStateException() {
    RetryExecution execution = started(policy().build());

    assertThatThrownBy(() -> execution.onInterrupted(new InterruptedException()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("onInterrupted(InterruptedException) is not allowed: not waiting for an attempt");
  }

  @Test
  void onFailure_null_throwsNullPointerException() {
    RetryExecution execution = started(policy().build());

    assertThatThrownBy(() -> execution.onFailure(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("failure");
  }

  @Test
  void newExecution_nullKey_throwsNullPointerException() {
    assertThatThrownBy(() -> policy().build().newExecution(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("resourceKey");
  }

  @Test
  void delay_givingUp_throwsIllegalStateException() {
    RetryExecution execution = started(policy().maxAttempts(1).build());
    RetryExecution.Decision decision = execution.onFailure(new IOException("reset"));

    assertThatThrownBy(decision::delay).isInstanceOf(IllegalStateException.class)
        .hasMessage("No next attempt to wait for: the decision gives up (MAX_ATTEMPTS)");
  }

  @Test
  void decisions_sameFailuresAsCall_sameDelaysAsTheSleeperSaw() {
    RetryPolicy policy = policy().maxAttempts(4).build();
    int[] calls = {0};
    policy.call(() -> {
      if (++calls[0] < 4) {
        throw new IOException("reset");
      }
      return "ok";
    });
    List<Long> delays = new ArrayList<>();
    RetryExecution execution = policy.newExecution();
    execution.start();
    for (int i = 0; i < 3; i++) {
      execution.attemptStarting();
      delays.add(execution.onFailure(new IOException("reset")).delayNanos());
    }

    assertThat(delays).isEqualTo(time.sleeps);
  }
}
