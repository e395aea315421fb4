package dev.cirrus.metrics;

import dev.cirrus.cache.AsyncSecretCache;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.s3.TransferListener;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One line of setup per Cirrus component: {@code bind(..)} for what can be measured after it is built, and a
 * listener factory for what must be given to a builder.
 *
 * <pre>{@code
 * CirrusMetrics.bind(cache, registry, "orders");
 * RetryPolicy policy = RetryPolicy.builder().addListener(CirrusMetrics.retryListener(registry, "orders")).build();
 * }</pre>
 *
 * <p>Each method registers its meters at once and returns the binder, which a framework may also bind to further
 * registries. Under Spring Boot, declare the binders themselves ({@link CacheMetrics}, {@link CacheLoadMetrics},
 * {@link RetryMetrics}, {@link RetryBudgetMetrics}, {@link RateLimiterMetrics}, {@link S3TransferMetrics},
 * {@link CryptoMetrics}, {@link DynamoBatchMetrics}) as
 * beans instead, and Spring binds them. Only the Cirrus modules an application binds need be on its class or
 * module path. The meters are listed in {@code docs/guides/metrics.md}.
 *
 * <p>The methods for different Cirrus modules have different names ({@code bind} for caches, {@code bindBudget},
 * {@code bindRateLimiter}): javac resolves an overloaded call against every overload's parameter types, so sharing
 * one name would make each caller compile against all the bound modules.
 *
 * <p>Names: every component is named by the application (a tag {@code name}); a name must be non-blank and
 * unique among the components of one kind in a registry, so that two caches never share meters.
 *
 * <p>This class is stateless and threadsafe.
 */
public final class CirrusMetrics {
  private CirrusMetrics() {}

  /**
   * Binds a cache's counters and size: see {@link CacheMetrics}.
   *
   * @param cache the cache, held by weak reference
   * @param registry the registry
   * @param name the name tag, for example {@code "orders"}
   * @return the binder, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a cache named {@code name} is bound to {@code registry} already
   */
  public static CacheMetrics bind(SecretCache<?, ?> cache, MeterRegistry registry, String name) {
    return CacheMetrics.bind(cache, registry, name);
  }

  /**
   * Binds an asynchronous cache's counters and size: see {@link CacheMetrics}.
   *
   * @param cache the cache, held by weak reference
   * @param registry the registry
   * @param name the name tag, for example {@code "orders"}
   * @return the binder, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a cache named {@code name} is bound to {@code registry} already
   */
  public static CacheMetrics bind(AsyncSecretCache<?, ?> cache, MeterRegistry registry, String name) {
    return CacheMetrics.bind(cache, registry, name);
  }

  /**
   * Returns a cache listener that times loads, for {@code SecretCacheBuilder.listener(..)}: see
   * {@link CacheLoadMetrics}.
   *
   * @param registry the registry
   * @param name the name tag, for example {@code "orders"}
   * @return the listener, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a cache listener named {@code name} is bound to {@code registry} already
   */
  public static CacheLoadMetrics cacheListener(MeterRegistry registry, String name) {
    return CacheLoadMetrics.bound(registry, name);
  }

  /**
   * Returns a retry listener, for {@code RetryPolicy.Builder.addListener(..)}: see {@link RetryMetrics}.
   *
   * @param registry the registry
   * @param name the name tag, for example {@code "orders"}
   * @return the listener, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a retry listener named {@code name} is bound to {@code registry} already
   */
  public static RetryMetrics retryListener(MeterRegistry registry, String name) {
    return RetryMetrics.bound(registry, name, false);
  }

  /**
   * Returns a retry listener that also times successful calls ({@code cirrus.retry.latency}), for
   * {@code RetryPolicy.Builder.addListener(..)}: see {@link RetryMetrics#timed(String)}. Each call then reads
   * the clock twice.
   *
   * @param registry the registry
   * @param name the name tag, for example {@code "orders"}
   * @return the listener, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a retry listener named {@code name} is bound to {@code registry} already
   */
  public static RetryMetrics timedRetryListener(MeterRegistry registry, String name) {
    return RetryMetrics.bound(registry, name, true);
  }

  /**
   * Returns a crypto listener, for {@code KmsKeyring.Builder.listener(..)} (KMS calls) and
   * {@code CirrusCrypto.Builder.listener(..)} (messages and bytes): see {@link CryptoMetrics}.
   *
   * @param registry the registry
   * @param name the name tag, for example {@code "orders"}
   * @return the listener, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a crypto listener named {@code name} is bound to {@code registry} already
   */
  public static CryptoMetrics cryptoListener(MeterRegistry registry, String name) {
    return CryptoMetrics.bound(registry, name);
  }

  /**
   * Returns a DynamoDB batch listener, for {@code BatchWriter.Builder.listener(..)} and
   * {@code BatchGetter.Builder.listener(..)}: see {@link DynamoBatchMetrics}.
   *
   * @param registry the registry
   * @param name the name tag, for example {@code "orders"}
   * @return the listener, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a batch listener named {@code name} is bound to {@code registry} already
   */
  public static DynamoBatchMetrics dynamoListener(MeterRegistry registry, String name) {
    return DynamoBatchMetrics.bound(registry, name);
  }

  /**
   * Binds a retry budget's tokens: see {@link RetryBudgetMetrics}.
   *
   * @param budget the budget, held by weak reference
   * @param registry the registry
   * @param name the name tag, for example {@code "dynamodb"}
   * @return the binder, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a budget named {@code name} is bound to {@code registry} already
   */
  public static RetryBudgetMetrics bindBudget(RetryBudget budget, MeterRegistry registry, String name) {
    return RetryBudgetMetrics.bind(budget, registry, name);
  }

  /**
   * Binds the send rate of one resource of a rate limiter: see {@link RateLimiterMetrics}.
   *
   * @param limiter the limiter, held by weak reference
   * @param resourceKey the key the calls give the limiter; read, never published
   * @param registry the registry
   * @param name the name tag, for example {@code "orders-table"}
   * @return the binder, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a resource named {@code name} is bound to {@code registry} already
   */
  public static RateLimiterMetrics bindRateLimiter(AdaptiveRateLimiter limiter, String resourceKey, MeterRegistry registry,
      String name) {
    return RateLimiterMetrics.bind(limiter, resourceKey, registry, name);
  }

  /**
   * Returns transfer meters, whose {@link S3TransferMetrics#listener() listener} goes to
   * {@code S3Transfers.Builder.listener(..)} and whose {@code track} methods record each transfer's outcome.
   *
   * @param registry the registry
   * @param name the name tag, for example {@code "exports"}
   * @return the meters, already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if transfer meters named {@code name} are bound to {@code registry} already
   */
  public static S3TransferMetrics transferMetrics(MeterRegistry registry, String name) {
    return S3TransferMetrics.bound(registry, name);
  }

  /**
   * Returns only the progress listener of new {@link #transferMetrics transfer meters}, for
   * {@code S3Transfers.Builder.listener(..)}, when transfer outcomes are not wanted.
   *
   * @param registry the registry
   * @param name the name tag, for example {@code "exports"}
   * @return the listener, its meters already bound to {@code registry}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if transfer meters named {@code name} are bound to {@code registry} already
   */
  public static TransferListener transferListener(MeterRegistry registry, String name) {
    return S3TransferMetrics.boundListener(registry, name);
  }
}
