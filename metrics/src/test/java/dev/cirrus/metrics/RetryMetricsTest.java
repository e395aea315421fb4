package dev.cirrus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetriesExhaustedException;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryPolicy;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;

/** The retry meters over a real RetryPolicy calling functions that throw SDK exceptions. */
class RetryMetricsTest {
  private static final Duration BACKOFF = Duration.ofMillis(100);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger sleeps = new AtomicInteger();

  static AwsServiceException error(int status, String code) {
    return AwsServiceException.builder().statusCode(status).message(code)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build()).build();
  }

  /** Throws a throttling exception {@code failures} times, then returns "ok"; counts its calls in {@code calls}. */
  private static Callable<String> throttledTimes(int failures, AtomicInteger calls) {
    AtomicInteger mine = new AtomicInteger();
    return () -> {
      calls.incrementAndGet();
      if (mine.incrementAndGet() <= failures) {
        throw error(400, "ThrottlingException");
      }
      return "ok";
    };
  }

  /** A policy whose waits advance a fake clock instead of sleeping. */
  private RetryPolicy.Builder policy() {
    return RetryPolicy.builder().nanoTicker(now::get).backoff(Backoff.fixed(BACKOFF)).sleeper(n -> {
      sleeps.incrementAndGet();
      now.addAndGet(n);
    });
  }

  private double count(String meter, String tag, String value) {
    return registry.get(meter).tags("name", "orders", tag, value).functionCounter().count();
  }

  @Test
  void retryListener_throttledNTimesThenSuccess_countsEqualTheCalls() {
    RetryPolicy policy = policy().maxAttempts(10).addListener(CirrusMetrics.retryListener(registry, "orders")).build();
    AtomicInteger calls = new AtomicInteger();
    int throttles = 0;

    for (int n = 0; n < 5; n++) {
      assertThat(policy.call(throttledTimes(n, calls))).isEqualTo("ok");
      throttles += n;
    }

    assertThat(registry.get("cirrus.retry.attempts").tags("name", "orders").functionCounter().count())
        .isEqualTo(calls.get()).isEqualTo(5 + throttles);
    assertThat(count("cirrus.retry.retries", "kind", "throttling")).isEqualTo(throttles).isEqualTo(sleeps.get());
    assertThat(count("cirrus.retry.retries", "kind", "transient")).isZero();
    FunctionTimer backoff = registry.get("cirrus.retry.backoff").tags("name", "orders").functionTimer();
    assertThat(backoff.count()).isEqualTo(throttles);
    assertThat(backoff.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(throttles * (double) BACKOFF.toNanos());
    assertThat(registry.get("cirrus.retry.successes").tags("name", "orders").functionCounter().count()).isEqualTo(5);
    assertThat(registry.find("cirrus.retry.latency").meters()).isEmpty();
    assertThat(registry.find("cirrus.retry.giveups").functionCounters()).allMatch(c -> c.count() == 0);
  }

  @Test
  void retryListener_untimedFirstAttemptSuccess_readsNoClock() {
    AtomicInteger clockReads = new AtomicInteger();
    RetryPolicy policy = policy().nanoTicker(() -> clockReads.incrementAndGet())
        .addListener(CirrusMetrics.retryListener(registry, "orders")).build();

    for (int i = 0; i < 3; i++) {
      assertThat(policy.call(() -> "ok")).isEqualTo("ok");
    }

    assertThat(clockReads).hasValue(0);
    assertThat(registry.get("cirrus.retry.attempts").functionCounter().count()).isEqualTo(3);
    assertThat(registry.get("cirrus.retry.successes").functionCounter().count()).isEqualTo(3);
  }

  @Test
  void timedRetryListener_throttledNTimesThenSuccess_latencyIsTheBackoffs() {
    RetryPolicy policy = policy().maxAttempts(10)
        .addListener(CirrusMetrics.timedRetryListener(registry, "orders")).build();
    int throttles = 0;

    for (int n = 0; n < 5; n++) {
      policy.call(throttledTimes(n, new AtomicInteger()));
      throttles += n;
    }

    FunctionTimer latency = registry.get("cirrus.retry.latency").tags("name", "orders").functionTimer();
    assertThat(latency.count()).isEqualTo(5);
    assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(throttles * (double) BACKOFF.toNanos());
    assertThat(registry.get("cirrus.retry.successes").functionCounter().count()).isEqualTo(5);
  }

  @Test
  void retryListener_alwaysThrottled_givesUpAtMaxAttempts() {
    RetryPolicy policy = policy().maxAttempts(4).addListener(CirrusMetrics.retryListener(registry, "orders")).build();
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> policy.call(throttledTimes(Integer.MAX_VALUE, calls)))
        .isInstanceOf(RetriesExhaustedException.class);

    assertThat(calls).hasValue(4);
    assertThat(registry.get("cirrus.retry.attempts").functionCounter().count()).isEqualTo(4);
    assertThat(count("cirrus.retry.retries", "kind", "throttling")).isEqualTo(3);
    assertThat(count("cirrus.retry.giveups", "reason", "max_attempts")).isEqualTo(1);
    assertThat(registry.get("cirrus.retry.successes").functionCounter().count()).isZero();
  }

  @Test
  void retryListener_notRetryableAndServerErrors_countedByKindAndReason() {
    RetryPolicy policy = policy().maxAttempts(3).addListener(CirrusMetrics.retryListener(registry, "orders")).build();
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> policy.call(() -> {
      calls.incrementAndGet();
      throw error(400, "ValidationException");
    })).isInstanceOf(AwsServiceException.class);
    assertThat(policy.call(() -> {
      if (calls.incrementAndGet() == 2) {
        throw error(500, "InternalServerError");
      }
      return "ok";
    })).isEqualTo("ok");

    assertThat(count("cirrus.retry.giveups", "reason", "not_retryable")).isEqualTo(1);
    assertThat(count("cirrus.retry.retries", "kind", "transient")).isEqualTo(1);
    assertThat(registry.get("cirrus.retry.attempts").functionCounter().count()).isEqualTo(calls.get()).isEqualTo(3);
  }

  @Test
  void retryListener_boundToASecondRegistryLater_seesEveryEventSinceBuild() {
    RetryMetrics listener = new RetryMetrics("orders");
    RetryPolicy policy = policy().maxAttempts(5).addListener(listener).build();
    policy.call(throttledTimes(2, new AtomicInteger()));

    listener.bindTo(registry);

    assertThat(registry.get("cirrus.retry.attempts").functionCounter().count()).isEqualTo(3);
    assertThat(count("cirrus.retry.retries", "kind", "throttling")).isEqualTo(2);
  }

  @Test
  void bind_budget_tokensGaugeFollowsRetriesAndGiveUpForBudget() {
    RetryBudget budget = RetryBudget.builder().capacity(10).throttlingRetryCost(5).build();
    RetryPolicy policy = policy().maxAttempts(10).budget(budget)
        .addListener(CirrusMetrics.retryListener(registry, "orders")).build();
    CirrusMetrics.bindBudget(budget, registry, "orders");

    assertThat(registry.get("cirrus.retry.budget.tokens").gauge().value()).isEqualTo(10);
    assertThat(registry.get("cirrus.retry.budget.capacity").gauge().value()).isEqualTo(10);
    policy.call(throttledTimes(1, new AtomicInteger()));
    assertThat(registry.get("cirrus.retry.budget.tokens").gauge().value()).isEqualTo(budget.availableTokens());
    assertThatThrownBy(() -> policy.call(throttledTimes(Integer.MAX_VALUE, new AtomicInteger())))
        .isInstanceOf(RetriesExhaustedException.class);

    assertThat(registry.get("cirrus.retry.budget.tokens").gauge().value()).isZero();
    assertThat(count("cirrus.retry.giveups", "reason", "budget_exhausted")).isEqualTo(1);
  }

  @Test
  void bind_rateLimiter_rateIsNaNUntilThrottledThenTheLimitersRate() {
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.builder().nanoTicker(now::get).minRatePerSecond(0.5).build();
    CirrusMetrics.bindRateLimiter(limiter, "table-a", registry, "orders-table");

    assertThat(registry.get("cirrus.retry.rate.limit").tags("name", "orders-table").gauge().value()).isNaN();
    assertThat(registry.get("cirrus.retry.rate.limited").gauge().value()).isZero();
    limiter.onResponse("table-a", false);
    limiter.onResponse("table-a", true);
    limiter.onResponse("table-b", true);

    double rate = limiter.ratePerSecond("table-a");
    assertThat(rate).isFinite().isPositive();
    assertThat(registry.get("cirrus.retry.rate.limit").gauge().value()).isEqualTo(rate);
    assertThat(registry.get("cirrus.retry.rate.limited").gauge().value()).isEqualTo(1);
    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
        .noneMatch(t -> t.getValue().startsWith("table-")));
  }
}
