package dev.cirrus.retry.fleet;

import dev.cirrus.retry.RetryExecution;
import dev.cirrus.retry.RetryPolicy;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;

/**
 * One call of a simulated client, driven step by step on simulated time: the retry logic decides, the simulation
 * waits and sends. {@link #GIVE_UP} instead of a delay ends the call as failed.
 */
interface SimCall {
  long GIVE_UP = -1;

  /** Nanoseconds before the first attempt, or {@link #GIVE_UP}. */
  long first();

  /** The attempt is sent now. */
  void attempt();

  /** The attempt succeeded. */
  void success();

  /** The attempt failed with {@code failure}: nanoseconds before the next attempt, or {@link #GIVE_UP}. */
  long failure(RuntimeException failure);

  /** A Cirrus call: the real {@link RetryExecution} of the client's policy. */
  static SimCall cirrus(RetryPolicy policy, String key) {
    RetryExecution e = policy.newExecution(key);
    return new SimCall() {
      @Override
      public long first() {
        RetryExecution.Decision d = e.start();
        return d.givesUp() ? GIVE_UP : d.delayNanos();
      }

      @Override
      public void attempt() {
        e.attemptStarting();
      }

      @Override
      public void success() {
        e.onSuccess();
      }

      @Override
      public long failure(RuntimeException failure) {
        RetryExecution.Decision d = e.onFailure(failure);
        return d.givesUp() ? GIVE_UP : d.delayNanos();
      }
    };
  }

  /**
   * The SDK's standard strategy ({@code AwsRetryStrategy.standardRetryStrategy()}: 3 attempts, its retry quota),
   * with its two backoffs (full jitter, 100 ms and 1 s bases, 20 s cap) drawn from the seeded random instead of
   * {@code ThreadLocalRandom} so the run is deterministic.
   */
  static RetryStrategy sdkStandard(DoubleSupplier random) {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .backoffStrategy(fullJitter(random, Duration.ofMillis(100)))
        .throttlingBackoffStrategy(fullJitter(random, Duration.ofSeconds(1))).build();
  }

  private static BackoffStrategy fullJitter(DoubleSupplier random, Duration base) {
    return attempt -> {
      double ceiling = Math.min(20e9, base.toNanos() * Math.pow(2, Math.min(30, attempt - 1)));
      return Duration.ofNanos((long) (random.getAsDouble() * ceiling));
    };
  }

  /** A call under an SDK {@link RetryStrategy} through its token API, as the SDK's retry loop drives it. */
  static SimCall sdk(RetryStrategy strategy, String scope) {
    return new SimCall() {
      private RetryToken token;

      @Override
      public long first() {
        AcquireInitialTokenResponse r = strategy.acquireInitialToken(AcquireInitialTokenRequest.create(scope));
        token = r.token();
        return r.delay().toNanos();
      }

      @Override
      public void attempt() {}

      @Override
      public void success() {
        strategy.recordSuccess(RecordSuccessRequest.create(token));
      }

      @Override
      public long failure(RuntimeException failure) {
        try {
          RefreshRetryTokenResponse r = strategy.refreshRetryToken(
              RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
          token = r.token();
          return r.delay().toNanos();
        } catch (TokenAcquisitionFailedException e) {
          return GIVE_UP;
        }
      }
    };
  }
}
