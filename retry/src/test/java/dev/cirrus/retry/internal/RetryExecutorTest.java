package dev.cirrus.retry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.GiveUpReason;
import dev.cirrus.retry.RetriesExhaustedException;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryBudgetExhaustedException;
import dev.cirrus.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RetryExecutorTest {
  private long now = 1_000_000_000L;

  private RetryPolicy.Builder policy() {
    return RetryPolicy.builder().nanoTicker(() -> now).random(() -> 0.5)
        .backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)));
  }

  @Test
  void start_noRateLimiter_firstAttemptAtOnce() {
    RetryExecutor executor = new RetryExecutor(policy().build(), "k");

    RetryExecutor.Decision first = executor.start();

    assertThat(first.givesUp()).isFalse();
    assertThat(first.delayNanos()).isZero();
    assertThat(first.reason()).isNull();
  }

  @Test
  void onFailure_retryableWithinMaxAttempts_retriesAfterGrowingBackoff() {
    RetryExecutor executor = new RetryExecutor(policy().maxAttempts(3).build(), "k");

    executor.attemptStarting();
    RetryExecutor.Decision first = executor.onFailure(new IOException("reset"));
    executor.attemptStarting();
    RetryExecutor.Decision second = executor.onFailure(new IOException("reset"));

    assertThat(first.givesUp()).isFalse();
    assertThat(first.delayNanos()).isEqualTo(100_000_000L);
    assertThat(second.delayNanos()).isEqualTo(200_000_000L);
    assertThat(executor.attempts()).isEqualTo(2);
    assertThat(executor.reason()).isNull();
  }

  @Test
  void onFailure_lastAttemptFails_givesUpWithMaxAttempts() {
    RetryExecutor executor = new RetryExecutor(policy().maxAttempts(1).build(), "k");
    IOException reset = new IOException("reset");

    executor.attemptStarting();
    now += 5_000_000L;
    RetryExecutor.Decision decision = executor.onFailure(reset);
    now += 7_000_000L;
    Throwable report = executor.giveUpException(false);

    assertThat(decision.givesUp()).isTrue();
    assertThat(decision.reason()).isEqualTo(GiveUpReason.MAX_ATTEMPTS);
    assertThat(report).isInstanceOf(RetriesExhaustedException.class)
        .hasMessage("Gave up after 1 attempt (maxAttempts is 1); last failure: java.io.IOException: reset");
    RetriesExhaustedException exhausted = (RetriesExhaustedException) report;
    assertThat(exhausted.attempts()).isEqualTo(1);
    assertThat(exhausted.failures()).containsExactly(reset);
    assertThat(exhausted.elapsed()).isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void onFailure_notRetryable_reportsTheFailureItselfWithEarlierOnesSuppressed() {
    RetryExecutor executor = new RetryExecutor(policy().maxAttempts(3).build(), "k");
    IOException reset = new IOException("reset");
    IllegalStateException bug = new IllegalStateException("bug");

    executor.attemptStarting();
    executor.onFailure(reset);
    executor.attemptStarting();
    RetryExecutor.Decision decision = executor.onFailure(bug);

    assertThat(decision.reason()).isEqualTo(GiveUpReason.NOT_RETRYABLE);
    assertThat(executor.giveUpException(false)).isSameAs(bug);
    assertThat(bug.getSuppressed()).containsExactly(reset);
  }

  @Test
  void onFailure_checkedNotRetryableAndCheckedNotAllowed_reportsRetriesExhausted() {
    RetryExecutor executor = new RetryExecutor(policy().build(), "k");
    Exception checked = new Exception("checked");

    executor.attemptStarting();
    executor.onFailure(checked);

    assertThat(executor.giveUpException(true)).isSameAs(checked);
    assertThat(executor.giveUpException(false)).isInstanceOf(RetriesExhaustedException.class)
        .hasMessage("Gave up after 1 attempt (failure is not retryable); last failure: java.lang.Exception: checked");
  }

  @Test
  void onFailure_budgetCannotPay_givesUpWithBudgetState() {
    RetryBudget budget = RetryBudget.ofCapacity(10);
    RetryExecutor executor = new RetryExecutor(policy().budget(budget).build(), "k");

    executor.attemptStarting();
    RetryExecutor.Decision decision = executor.onFailure(new IOException("reset"));

    assertThat(decision.reason()).isEqualTo(GiveUpReason.BUDGET_EXHAUSTED);
    assertThat(executor.giveUpException(false)).isInstanceOfSatisfying(RetryBudgetExhaustedException.class, e -> {
      assertThat(e.requiredTokens()).isEqualTo(RetryBudget.DEFAULT_TRANSIENT_RETRY_COST);
      assertThat(e.availableTokens()).isEqualTo(10);
      assertThat(e.capacity()).isEqualTo(10);
    });
  }

  @Test
  void refundUnstarted_retryPaidButNeverStarted_givesTokensBack() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    RetryExecutor executor = new RetryExecutor(policy().budget(budget).build(), "k");

    executor.attemptStarting();
    executor.onFailure(new IOException("reset"));
    int paid = executor.pendingRetryCost();
    executor.refundUnstarted(paid);

    assertThat(paid).isEqualTo(RetryBudget.DEFAULT_TRANSIENT_RETRY_COST);
    assertThat(budget.availableTokens()).isEqualTo(100);
  }

  @Test
  void attemptStarting_afterPaidRetry_tokensAreSpent() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    RetryExecutor executor = new RetryExecutor(policy().budget(budget).build(), "k");

    executor.attemptStarting();
    executor.onFailure(new IOException("reset"));
    executor.attemptStarting();

    assertThat(executor.pendingRetryCost()).isZero();
    assertThat(budget.availableTokens()).isEqualTo(100 - RetryBudget.DEFAULT_TRANSIENT_RETRY_COST);
  }

  @Test
  void onFailure_completionException_recordsTheRealFailure() {
    RetryExecutor executor = new RetryExecutor(policy().build(), "k");
    IOException reset = new IOException("reset");

    executor.attemptStarting();
    executor.onFailure(new CompletionException(reset));

    assertThat(executor.failures()).containsExactly(reset);
  }

  @Test
  void interruptedWaiting_beforeFirstAttempt_reportsInterruptedWithZeroAttempts() {
    RetryExecutor executor = new RetryExecutor(policy().build(), "k");
    InterruptedException interrupt = new InterruptedException();

    RetriesExhaustedException e = executor.interruptedWaiting(interrupt);

    assertThat(e.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
    assertThat(e.attempts()).isZero();
    assertThat(e.failures()).containsExactly(interrupt);
  }
}
