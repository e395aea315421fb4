package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyPropertyTest {

  /** Outcome codes: 0 success, 1 throttle, 2 server error, 3 not retryable. */
  private static Exception failure(int code) {
    switch (code) {
      case 1:
        return RetryPolicyTest.throttle();
      case 2:
        return RetryPolicyTest.serverError();
      default:
        return new IllegalStateException("not retryable");
    }
  }

  @Test
  void anyOutcomeSequence_attemptsNeverExceedMaxAndEveryWaitWithinCap() {
    qt().withFixedSeed(0x5EEDL).withExamples(500)
        .forAll(integers().between(1, 12), lists().of(integers().between(0, 3)).ofSizeBetween(1, 20))
        .checkAssert((maxAttempts, outcomes) -> {
          FakeTime time = new FakeTime();
          Duration cap = Duration.ofMillis(300);
          RetryPolicy policy = time.policy().maxAttempts(maxAttempts)
              .throttlingBackoff(Backoff.decorrelatedJitter(Duration.ofMillis(20), cap))
              .transientBackoff(Backoff.fullJitter(Duration.ofMillis(5), cap)).build();
          AtomicInteger calls = new AtomicInteger();
          int expectedCalls = expectedCalls(outcomes, maxAttempts);
          Throwable thrown = null;
          try {
            policy.call(() -> {
              int i = calls.getAndIncrement();
              int code = i < outcomes.size() ? outcomes.get(i) : 0;
              if (code != 0) {
                throw failure(code);
              }
              return i;
            });
          } catch (RuntimeException e) {
            thrown = e;
          }

          assertThat(calls.get()).isEqualTo(expectedCalls).isLessThanOrEqualTo(maxAttempts);
          assertThat(time.sleeps).hasSize(expectedCalls - 1).allMatch(n -> n >= 0 && n <= cap.toNanos());
          if (thrown instanceof RetriesExhaustedException) {
            assertThat(((RetriesExhaustedException) thrown).attempts()).isEqualTo(expectedCalls);
            assertThat(((RetriesExhaustedException) thrown).failures()).hasSize(expectedCalls);
          }
        });
  }

  private static int expectedCalls(List<Integer> outcomes, int maxAttempts) {
    for (int i = 0; i < maxAttempts; i++) {
      int code = i < outcomes.size() ? outcomes.get(i) : 0;
      if (code == 0 || code == 3) {
        return i + 1;
      }
    }
    return maxAttempts;
  }
}
