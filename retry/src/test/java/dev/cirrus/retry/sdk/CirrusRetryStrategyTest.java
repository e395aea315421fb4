package dev.cirrus.retry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryBudgetExhaustedException;
import dev.cirrus.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

class CirrusRetryStrategyTest {
  private static AwsServiceException error(int status, String code) {
    return AwsServiceException.builder().statusCode(status).message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build()).build();
  }

  private static RefreshRetryTokenResponse refresh(CirrusRetryStrategy s, RetryToken token, Throwable failure) {
    return s.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
  }

  private static RetryPolicy.Builder policy() {
    return RetryPolicy.builder().random(() -> 0.5);
  }

  @Test
  void tokenFlow_throttleThenTransient_delaysFromEachBackoff() {
    CirrusRetryStrategy s = CirrusRetryStrategy.create(policy().maxAttempts(3)
        .throttlingBackoff(Backoff.exponential(Duration.ofMillis(400), Duration.ofSeconds(5)))
        .transientBackoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(5))).build());

    AcquireInitialTokenResponse initial = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL"));
    RefreshRetryTokenResponse first = refresh(s, initial.token(), error(400, "ThrottlingException"));
    RefreshRetryTokenResponse second = refresh(s, first.token(), error(500, "InternalFailure"));

    assertThat(initial.delay()).isZero();
    assertThat(first.delay()).isEqualTo(Duration.ofMillis(400));
    assertThat(second.delay()).isEqualTo(Duration.ofMillis(20));
    TokenAcquisitionFailedException e = catchThrowableOfType(TokenAcquisitionFailedException.class,
        () -> refresh(s, second.token(), error(500, "InternalFailure")));
    assertThat(e).hasMessage("Cirrus retry policy gave up after 3 attempts (MAX_ATTEMPTS)");
    assertThat(e.token()).isSameAs(initial.token());
  }

  @Test
  void refresh_notRetryable_tokenAcquisitionFailedWithoutSuppressing() {
    CirrusRetryStrategy s = CirrusRetryStrategy.create(policy().build());
    AwsServiceException denied = error(400, "ValidationException");
    RetryToken token = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).token();

    assertThatThrownBy(() -> refresh(s, token, denied)).isInstanceOf(TokenAcquisitionFailedException.class)
        .hasMessage("Cirrus retry policy gave up after 1 attempts (NOT_RETRYABLE)");
    assertThat(denied.getSuppressed()).isEmpty();
  }

  @Test
  void refresh_budgetEmpty_failureCarriesBudgetException() {
    RetryBudget budget = RetryBudget.ofCapacity(4);
    CirrusRetryStrategy s = CirrusRetryStrategy.create(policy().budget(budget).build());
    AwsServiceException throttle = error(400, "ThrottlingException");
    RetryToken token = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).token();

    assertThatThrownBy(() -> refresh(s, token, throttle)).isInstanceOf(TokenAcquisitionFailedException.class)
        .hasCauseInstanceOf(RetryBudgetExhaustedException.class);
    RetryBudgetExhaustedException exhausted = CirrusRetryStrategy.budgetExhaustion(throttle);
    assertThat(exhausted.availableTokens()).isEqualTo(4);
    assertThat(exhausted.requiredTokens()).isEqualTo(5);
    assertThat(CirrusRetryStrategy.budgetExhaustion(new IOException())).isNull();
  }

  @Test
  void recordSuccess_afterRetries_refundsBudgetAndFeedsLimiter() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    CirrusRetryStrategy s = CirrusRetryStrategy.create(policy().budget(budget).backoff(Backoff.none()).build());
    RetryToken token = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).token();
    RetryToken next = refresh(s, token, SdkClientException.create("reset", new IOException("reset"))).token();
    assertThat(budget.availableTokens()).isEqualTo(86);

    s.recordSuccess(RecordSuccessRequest.create(next));

    assertThat(budget.availableTokens()).isEqualTo(100);
  }

  @Test
  void refresh_sdkSuggestedDelay_honouredWithinBound() {
    CirrusRetryStrategy s = CirrusRetryStrategy.create(policy().maxRetryAfter(Duration.ofSeconds(2))
        .backoff(Backoff.fixed(Duration.ofMillis(10))).build());
    RetryToken token = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).token();

    RefreshRetryTokenResponse r = s.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token)
        .failure(error(503, "SlowDown")).suggestedDelay(Duration.ofSeconds(30)).build());

    assertThat(r.delay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void builder_sdkBuilderMethods_layeredOverPolicy() {
    CirrusRetryStrategy s = CirrusRetryStrategy.builder()
        .policy(policy().build())
        .maxAttempts(7)
        .rateLimiterKey("table-a")
        .treatAsThrottling(t -> t instanceof IllegalStateException)
        .retryOnException(t -> t instanceof IllegalArgumentException)
        .backoffStrategy(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(3)))
        .throttlingBackoffStrategy(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(9)))
        .build();
    RetryToken token = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).token();

    assertThat(s.maxAttempts()).isEqualTo(7);
    assertThat(s.useClientDefaults()).isFalse();
    assertThat(s.rateLimiterKey()).isEqualTo("table-a");
    assertThat(refresh(s, token, new IllegalStateException()).delay()).isEqualTo(Duration.ofMillis(9));
    assertThat(refresh(s, token, new IllegalArgumentException()).delay()).isEqualTo(Duration.ofMillis(3));
    assertThat(s.toBuilder().maxAttempts(2).build().maxAttempts()).isEqualTo(2);
    assertThat(s.maxAttempts()).isEqualTo(7);
  }

  @Test
  void acquireInitialToken_limiterThrottled_returnsReservationDelay() {
    long[] now = {0};
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.builder().nanoTicker(() -> now[0]).minRatePerSecond(2)
        .maxRatePerSecond(2).build();
    limiter.onResponse("k", true);
    CirrusRetryStrategy s = CirrusRetryStrategy.builder().policy(policy().rateLimiter(limiter).build())
        .rateLimiterKey("k").build();

    Duration first = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).delay();
    Duration second = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).delay();

    assertThat(first).isEqualTo(Duration.ofMillis(500));
    assertThat(second).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void refresh_foreignToken_illegalArgument() {
    CirrusRetryStrategy s = CirrusRetryStrategy.create(policy().build());
    RetryToken foreign = new RetryToken() {};

    assertThatThrownBy(() -> refresh(s, foreign, new IOException())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("token must come from a CirrusRetryStrategy, was ");
  }

  @Test
  void create_nullPolicy_nullPointer() {
    assertThatThrownBy(() -> CirrusRetryStrategy.create(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("policy");
  }

  @Test
  void budgetExhaustion_cyclicCauseChain_terminatesWithNull() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);

    RetryBudgetExhaustedException found = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> CirrusRetryStrategy.budgetExhaustion(a));

    assertThat(found).isNull();
  }

  @Test
  void refresh_budgetEmpty_attachedExhaustionMakesNoCauseCycle() {
    CirrusRetryStrategy s = CirrusRetryStrategy.create(policy().budget(RetryBudget.ofCapacity(4)).build());
    AwsServiceException throttle = error(400, "ThrottlingException");
    RetryToken token = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).token();

    catchThrowableOfType(TokenAcquisitionFailedException.class, () -> refresh(s, token, throttle));

    RetryBudgetExhaustedException exhausted = CirrusRetryStrategy.budgetExhaustion(throttle);
    assertThat(reachesItself(throttle, new java.util.ArrayDeque<>())).isFalse();
    assertThat(exhausted.lastFailure()).isSameAs(throttle);
    assertThat(exhausted.failures()).containsExactly(throttle);
    assertThat(exhausted.attempts()).isEqualTo(1);
  }

  /** Whether walking causes and suppressed exceptions from {@code t} comes back to an exception on the path. */
  private static boolean reachesItself(Throwable t, java.util.Deque<Throwable> path) {
    if (path.stream().anyMatch(p -> p == t)) {
      return true;
    }
    path.push(t);
    try {
      if (t.getCause() != null && reachesItself(t.getCause(), path)) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (reachesItself(suppressed, path)) {
          return true;
        }
      }
      return false;
    } finally {
      path.pop();
    }
  }

  @Test
  void retryOnException_broadPredicate_throttleKeepsThrottlingBackoffAndCost() {
    RetryBudget budget = RetryBudget.ofCapacity(100);
    CirrusRetryStrategy s = CirrusRetryStrategy.builder()
        .policy(policy().budget(budget)
            .throttlingBackoff(Backoff.fixed(Duration.ofMillis(900)))
            .transientBackoff(Backoff.fixed(Duration.ofMillis(7))).build())
        .retryOnException(t -> true)
        .build();
    RetryToken token = s.acquireInitialToken(AcquireInitialTokenRequest.create("GLOBAL")).token();

    RefreshRetryTokenResponse afterThrottle = refresh(s, token, error(400, "ThrottlingException"));
    RefreshRetryTokenResponse afterValidation = refresh(s, afterThrottle.token(), error(400, "ValidationException"));

    assertThat(afterThrottle.delay()).isEqualTo(Duration.ofMillis(900));
    assertThat(afterValidation.delay()).isEqualTo(Duration.ofMillis(7));
    assertThat(budget.availableTokens()).isEqualTo(100 - 5 - 14);
  }
}
