package dev.cirrus.crypto;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.retry.sdk.CirrusRetryStrategy;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsAsyncClientBuilder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * KMS clients with Cirrus's retry: a throttling-aware {@link RetryPolicy} (separate backoff for
 * throttling and transient errors, a retry budget and an adaptive rate limiter shared by every client
 * configured here without an explicit policy) installed as the SDK client's retry strategy. Composition
 * per KMS call: {@code budget/limiter(retry(backoff(call)))}; the keyring sees only the final outcome.
 *
 * <p>This class is stateless apart from the shared default policy and is thread-safe.
 */
public final class KmsClients {
  private static final RetryPolicy DEFAULT_POLICY =
      RetryPolicy.builder()
          .maxAttempts(6)
          .throttlingBackoff(Backoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(5)))
          .transientBackoff(Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(5)))
          .budget(RetryBudget.create())
          .rateLimiter(AdaptiveRateLimiter.create())
          .build();

  private KmsClients() {}

  /**
   * The default policy: 6 attempts, full-jitter backoff from 100 ms (throttling) or 50 ms (transient)
   * capped at 5 s, one retry budget and one adaptive rate limiter shared by all default-configured
   * clients in the JVM.
   *
   * @return the shared default retry policy
   */
  public static RetryPolicy defaultRetryPolicy() {
    return DEFAULT_POLICY;
  }

  /**
   * A sync client from the default SDK chain (region, credentials) with the default retry policy.
   *
   * @return a new KMS client; the caller closes it
   */
  public static KmsClient create() {
    return configure(KmsClient.builder()).build();
  }

  /**
   * Installs the default retry policy on {@code builder}, keeping its other override settings.
   *
   * @param builder the builder to configure
   * @return {@code builder}
   */
  public static KmsClientBuilder configure(KmsClientBuilder builder) {
    return configure(builder, DEFAULT_POLICY);
  }

  /**
   * Installs {@code policy} as the retry strategy of {@code builder}, keeping its other override settings.
   *
   * @param builder the builder to configure
   * @param policy the retry policy
   * @return {@code builder}
   */
  public static KmsClientBuilder configure(KmsClientBuilder builder, RetryPolicy policy) {
    Objects.requireNonNull(builder, "builder");
    builder.overrideConfiguration(withStrategy(builder.overrideConfiguration(), policy));
    return builder;
  }

  /**
   * Installs the default retry policy on an async builder.
   *
   * @param builder the builder to configure
   * @return {@code builder}
   */
  public static KmsAsyncClientBuilder configure(KmsAsyncClientBuilder builder) {
    return configure(builder, DEFAULT_POLICY);
  }

  /**
   * Installs {@code policy} as the retry strategy of an async builder.
   *
   * @param builder the builder to configure
   * @param policy the retry policy
   * @return {@code builder}
   */
  public static KmsAsyncClientBuilder configure(KmsAsyncClientBuilder builder, RetryPolicy policy) {
    Objects.requireNonNull(builder, "builder");
    builder.overrideConfiguration(withStrategy(builder.overrideConfiguration(), policy));
    return builder;
  }

  private static ClientOverrideConfiguration withStrategy(ClientOverrideConfiguration existing, RetryPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    ClientOverrideConfiguration.Builder b =
        existing == null ? ClientOverrideConfiguration.builder() : existing.toBuilder();
    return b.retryStrategy(CirrusRetryStrategy.create(policy)).build();
  }
}
