package dev.cirrus.cache;

import dev.cirrus.cache.internal.DefaultAsyncSecretCache;
import dev.cirrus.cache.internal.DefaultSecretCache;
import dev.cirrus.cache.internal.Destroyers;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * Builds a {@link SecretCache} or an {@link AsyncSecretCache}.
 *
 * <p>Only {@link #policy(CachePolicy)} is required. A builder may be reused; each {@code build} call
 * makes an independent cache. This class is not threadsafe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SecretCacheBuilder<K, V> {

  private CachePolicy policy;
  private Ticker ticker = Ticker.system();
  private Executor executor = ForkJoinPool.commonPool();
  private CacheListener<? super K> listener = CacheListener.none();
  private Consumer<? super V> destroyer = Destroyers.destroyable();

  SecretCacheBuilder() {}

  /**
   * Sets the limits. Required.
   *
   * @param policy the policy
   * @return this builder
   * @throws NullPointerException if {@code policy} is null
   */
  public SecretCacheBuilder<K, V> policy(CachePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Sets the time source for entry ages. By default {@link Ticker#system()}.
   *
   * @param ticker the ticker
   * @return this builder
   * @throws NullPointerException if {@code ticker} is null
   */
  public SecretCacheBuilder<K, V> ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * Sets the executor for background work: refresh-ahead loads and Caffeine's maintenance (expiry and
   * eviction, which retire entries and may destroy values). It is also passed to an
   * {@link AsyncSecretLoader}. By default {@link ForkJoinPool#commonPool()}. Tests may pass
   * {@code Runnable::run} to make all work happen on the calling thread.
   *
   * @param executor the executor
   * @return this builder
   * @throws NullPointerException if {@code executor} is null
   */
  public SecretCacheBuilder<K, V> executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Sets the listener for loads, load failures and retirements. By default none.
   *
   * @param listener the listener
   * @return this builder
   * @throws NullPointerException if {@code listener} is null
   */
  public SecretCacheBuilder<K, V> listener(CacheListener<? super K> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Sets how a retired value is destroyed; called exactly once per loaded value, on the thread that
   * retired it or closed its last lease. It should wipe the secret (e.g. fill its key bytes with zeros)
   * and must not block. Exceptions it throws are logged (without the value) and counted in
   * {@link CacheStats#destroyFailures()}. By default: {@link javax.security.auth.Destroyable#destroy()}
   * if the value is {@code Destroyable}, otherwise nothing.
   *
   * @param destroyer the destroyer
   * @return this builder
   * @throws NullPointerException if {@code destroyer} is null
   */
  public SecretCacheBuilder<K, V> destroyer(Consumer<? super V> destroyer) {
    this.destroyer = Objects.requireNonNull(destroyer, "destroyer");
    return this;
  }

  /**
   * Builds a blocking cache.
   *
   * @param loader loads a fresh value on a miss, a refresh or a bypass
   * @return a new cache
   * @throws NullPointerException if {@code loader} is null
   * @throws IllegalStateException if no policy was set
   */
  public SecretCache<K, V> build(SecretLoader<? super K, ? extends V> loader) {
    Objects.requireNonNull(loader, "loader");
    requirePolicy();
    return new DefaultSecretCache<>(policy, ticker, executor, listener, destroyer, loader);
  }

  /**
   * Builds a non-blocking cache.
   *
   * @param loader starts loading a fresh value on a miss, a refresh or a bypass
   * @return a new cache
   * @throws NullPointerException if {@code loader} is null
   * @throws IllegalStateException if no policy was set
   */
  public AsyncSecretCache<K, V> buildAsync(AsyncSecretLoader<? super K, ? extends V> loader) {
    Objects.requireNonNull(loader, "loader");
    requirePolicy();
    return new DefaultAsyncSecretCache<>(policy, ticker, executor, listener, destroyer, loader);
  }

  private void requirePolicy() {
    if (policy == null) {
      throw new IllegalStateException("policy is required; call policy(CachePolicy) before build");
    }
  }
}
