package dev.cirrus.crypto;

import dev.cirrus.cache.AsyncSecretCache;
import dev.cirrus.cache.CacheStats;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.cache.Ticker;
import dev.cirrus.crypto.internal.CacheLimits;
import dev.cirrus.crypto.internal.CachedMaterials;
import dev.cirrus.crypto.internal.Futures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * A materials manager that reuses data keys, within limits, through {@code cirrus-cache}: fewer KMS
 * calls and lower latency, at the cost of one data key protecting several messages.
 *
 * <p>Encrypt: materials are cached by (partition, suite, encryption context). Each message reserves one
 * use and its plaintext length in bytes before it gets the key; an entry is handed out only while its
 * age is below {@link Builder#maxAge(Duration) maxAge} (limits how long a key stays in memory and how
 * stale a revoked KMS permission can be), its uses are at most {@link Builder#maxMessagesPerKey(long)
 * maxMessagesPerKey} (limits how many messages one compromised key exposes; at most 2^32, the AES-GCM
 * bound on random 96-bit message-derived keys in the AWS guidance) and its bytes at most {@link
 * Builder#maxBytesPerKey(long) maxBytesPerKey} (limits the data under one key). A message larger than
 * {@code maxBytesPerKey} gets a fresh data key that is never cached. <b>Streams of unknown length
 * bypass the cache</b> (each gets a fresh data key from the backing manager); give the length to {@link
 * CirrusCrypto#encryptingStream(java.io.OutputStream, Map, long)} to use the cache.
 *
 * <p>Decrypt: materials are cached by (partition, suite, encryption context, encrypted data keys), with
 * the same maximum age and no use limit.
 *
 * <p>Concurrent misses for one key share a single load (single flight); there is no global lock. Each
 * message receives its own copy of the data key, which {@link CirrusCrypto} destroys after the message;
 * the cached key is destroyed when its entry is retired (age, uses, bytes, eviction, {@link
 * #invalidateAll()}, {@link #close()}).
 *
 * <p>This class is thread-safe.
 */
public final class CachingMaterialsManager implements MaterialsManager, AutoCloseable {
  private final MaterialsManager backing;
  private final String partition;
  private final AsyncSecretCache<CachedMaterials.EncryptKey, CachedMaterials.Encrypt> encryptCache;
  private final AsyncSecretCache<CachedMaterials.DecryptKey, CachedMaterials.Decrypt> decryptCache;

  private CachingMaterialsManager(Builder b) {
    this.backing = b.backing;
    this.partition = b.partition != null ? b.partition : UUID.randomUUID().toString();
    this.encryptCache =
        SecretCache.<CachedMaterials.EncryptKey, CachedMaterials.Encrypt>builder()
            .policy(b.limits.perKeyPolicy())
            .ticker(b.ticker)
            .executor(b.executor)
            .buildAsync((k, ex) -> backing.encryptionMaterialsAsync(k.suite(), k.context(), k.bytes())
                .thenApply(CachedMaterials.Encrypt::new));
    this.decryptCache =
        SecretCache.<CachedMaterials.DecryptKey, CachedMaterials.Decrypt>builder()
            .policy(b.limits.ageAndSizePolicy())
            .ticker(b.ticker)
            .executor(b.executor)
            .buildAsync((k, ex) -> backing.decryptionMaterialsAsync(k.suite(), k.context(), k.edks())
                .thenApply(CachedMaterials.Decrypt::new));
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder with the default settings
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The partition name that separates this manager's entries from others sharing a name space.
   *
   * @return the partition name that separates this manager's entries from others sharing a name space
   */
  public String partition() {
    return partition;
  }

  /**
   * Statistics of the encrypt-path cache (hits, misses, loads, retirements by cause).
   *
   * @return statistics of the encrypt-path cache (hits, misses, loads, retirements by cause)
   */
  public CacheStats encryptStats() {
    return encryptCache.stats();
  }

  /**
   * Statistics of the decrypt-path cache.
   *
   * @return statistics of the decrypt-path cache
   */
  public CacheStats decryptStats() {
    return decryptCache.stats();
  }

  @Override
  public EncryptionMaterials encryptionMaterials(
      AlgorithmSuite suite, Map<String, String> encryptionContext, long plaintextLengthBytes) {
    return Futures.join(encryptionMaterialsAsync(suite, encryptionContext, plaintextLengthBytes));
  }

  @Override
  public CompletableFuture<EncryptionMaterials> encryptionMaterialsAsync(
      AlgorithmSuite suite, Map<String, String> encryptionContext, long plaintextLengthBytes) {
    if (plaintextLengthBytes < 0) {
      return backing.encryptionMaterialsAsync(suite, encryptionContext, plaintextLengthBytes);
    }
    CachedMaterials.EncryptKey key =
        new CachedMaterials.EncryptKey(partition, suite, Map.copyOf(encryptionContext), plaintextLengthBytes);
    return handOut(
        encryptCache.acquire(key, plaintextLengthBytes), CachedMaterials.Encrypt::handOut, m -> m.dataKey().destroy());
  }

  @Override
  public DecryptionMaterials decryptionMaterials(
      AlgorithmSuite suite, Map<String, String> encryptionContext, List<EncryptedDataKey> encryptedDataKeys) {
    return Futures.join(decryptionMaterialsAsync(suite, encryptionContext, encryptedDataKeys));
  }

  @Override
  public CompletableFuture<DecryptionMaterials> decryptionMaterialsAsync(
      AlgorithmSuite suite, Map<String, String> encryptionContext, List<EncryptedDataKey> encryptedDataKeys) {
    CachedMaterials.DecryptKey key =
        new CachedMaterials.DecryptKey(
            partition, suite, Map.copyOf(encryptionContext), List.copyOf(encryptedDataKeys));
    return handOut(decryptCache.acquire(key, 0), CachedMaterials.Decrypt::handOut, m -> m.dataKey().destroy());
  }

  /**
   * Completes a future the caller owns with a per-message copy taken under the lease, then closes the
   * lease. A plain {@code acquire(..).handle(..)} skips the handler when the caller cancels the returned
   * future first: the lease then stays open forever and the cached data key is never destroyed, not even
   * on retirement. Here the lease is always closed, and a copy made after a cancel is destroyed.
   */
  private static <V, M> CompletableFuture<M> handOut(
      CompletableFuture<Lease<V>> acquired,
      java.util.function.Function<V, M> handOut,
      java.util.function.Consumer<M> destroy) {
    CompletableFuture<M> result = new CompletableFuture<>();
    acquired.whenComplete((lease, t) -> {
      if (t != null) {
        result.completeExceptionally(unwrapped(t));
        return;
      }
      M m;
      try (Lease<V> l = lease) {
        if (result.isDone()) {
          return;
        }
        m = handOut.apply(l.value());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
        return;
      }
      if (!result.complete(m)) {
        destroy.accept(m);
      }
    });
    return result;
  }

  /** The unchecked failure behind the cache's wrappers, else {@code t} itself, as a completion failure. */
  private static RuntimeException unwrapped(Throwable t) {
    Throwable c = Futures.unwrap(t);
    return new CompletionException(c instanceof RuntimeException ? c : t);
  }

  /** Retires every cached entry; their data keys are destroyed once no message is using them. */
  public void invalidateAll() {
    encryptCache.invalidateAll();
    decryptCache.invalidateAll();
  }

  /** Closes both caches and destroys every cached data key. Idempotent. */
  @Override
  public void close() {
    encryptCache.close();
    decryptCache.close();
  }

  /** Builds {@link CachingMaterialsManager}s. Not thread-safe. */
  public static final class Builder {
    private MaterialsManager backing;
    private String partition;
    private CacheLimits limits = CacheLimits.DEFAULTS;
    private Ticker ticker = Ticker.system();
    private Executor executor = ForkJoinPool.commonPool();

    private Builder() {}

    /**
     * The manager that makes fresh materials on a miss. This or {@link #keyring} is required.
     *
     * @param backing the manager that makes fresh materials on a miss
     * @return this builder
     */
    public Builder backingMaterialsManager(MaterialsManager backing) {
      this.backing = Objects.requireNonNull(backing, "backing");
      return this;
    }

    /**
     * Shorthand for {@code backingMaterialsManager(MaterialsManager.of(keyring))}.
     *
     * @param keyring the keyring the backing default materials manager wraps
     * @return this builder
     */
    public Builder keyring(Keyring keyring) {
      return backingMaterialsManager(MaterialsManager.of(Objects.requireNonNull(keyring, "keyring")));
    }

    /**
     * A name separating these entries from other managers'; by default a random UUID.
     *
     * @param partition the partition name
     * @return this builder
     */
    public Builder partition(String partition) {
      this.partition = Objects.requireNonNull(partition, "partition");
      return this;
    }

    /**
     * How long a data key may be used after it was obtained. Required.
     *
     * @param maxAge the longest a data key may be used after it was obtained
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxAge(Duration maxAge) {
      this.limits = limits.withMaxAge(maxAge);
      return this;
    }

    /**
     * The most messages one data key encrypts. By default 2^32 (4294967296).
     *
     * @param maxMessages the most messages one data key encrypts
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 4294967296
     */
    public Builder maxMessagesPerKey(long maxMessages) {
      this.limits = limits.withMaxMessagesPerKey(maxMessages);
      return this;
    }

    /**
     * The most plaintext bytes one data key encrypts. By default {@code Long.MAX_VALUE}.
     *
     * @param maxBytes the most plaintext bytes one data key encrypts
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxBytesPerKey(long maxBytes) {
      this.limits = limits.withMaxBytesPerKey(maxBytes);
      return this;
    }

    /**
     * The most entries per path (distinct contexts). By default 1000.
     *
     * @param maximumSize the most cached entries per path
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maximumSize(long maximumSize) {
      this.limits = limits.withMaximumSize(maximumSize);
      return this;
    }

    /**
     * Starts one background reload when an entry reaches this fraction of any limit. By default off.
     *
     * @param fraction the fraction of a limit at which a background reload starts
     * @return this builder
     * @throws IllegalArgumentException if not strictly between 0 and 1
     */
    public Builder refreshAheadFraction(double fraction) {
      this.limits = limits.withRefreshAheadFraction(fraction);
      return this;
    }

    /**
     * The time source for entry age; by default the system ticker.
     *
     * @param ticker the time source
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The executor for refresh loads and cache maintenance; by default the common pool.
     *
     * @param executor the executor for refresh loads and cache maintenance
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the manager.
     *
     * @return a new caching materials manager
     * @throws IllegalStateException if no backing manager or keyring, or no maxAge, was set
     */
    public CachingMaterialsManager build() {
      if (backing == null) {
        throw new IllegalStateException("a backingMaterialsManager or keyring is required");
      }
      limits.requireMaxAge();
      return new CachingMaterialsManager(this);
    }
  }
}
