package dev.cirrus.crypto.esdk;

import com.amazonaws.encryptionsdk.caching.CryptoMaterialsCache;
import com.amazonaws.encryptionsdk.model.DecryptionMaterials;
import com.amazonaws.encryptionsdk.model.EncryptionMaterials;
import dev.cirrus.cache.AsyncSecretCache;
import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.cache.Ticker;
import dev.cirrus.crypto.internal.CacheLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bridge for existing AWS Encryption SDK for Java users: an implementation of the ESDK's {@link
 * CryptoMaterialsCache} backed by {@code cirrus-cache}, to plug into the ESDK's {@code
 * CachingCryptoMaterialsManager} in place of {@code LocalCryptoMaterialsCache}. Requires {@code
 * com.amazonaws:aws-encryption-sdk-java} (an optional dependency of Cirrus) on the class path.
 *
 * <pre>{@code
 * CryptoMaterialsManager cmm = CachingCryptoMaterialsManager.newBuilder()
 *     .withMasterKeyProvider(provider)
 *     .withCache(EsdkMaterialsCache.builder().maxAge(Duration.ofMinutes(5)).build())
 *     .withMaxAge(5, TimeUnit.MINUTES).withMessageUseLimit(1000)
 *     .build();
 * }</pre>
 *
 * <p>Differences from {@code LocalCryptoMaterialsCache}: no global lock (entries live in a concurrent
 * cache with W-TinyLFU eviction), and <b>single flight across the ESDK's get/put protocol</b>: when a
 * lookup misses, that caller goes to the master key provider, and other callers missing the same entry
 * wait up to {@link Builder#loadWait(Duration) loadWait} for its {@code put} instead of each calling KMS.
 * If the first caller fails (it never puts), the waiters give up after {@code loadWait} and load for
 * themselves. Usage limits (messages, bytes) and entry age are still checked by the ESDK's caching
 * materials manager against the statistics this cache returns; this cache adds its own {@code maxAge}
 * and size bound. The ESDK's cleartext keys ({@code SecretKeySpec}) cannot be zeroed, so retirement
 * only drops the reference.
 *
 * <p>This class is thread-safe.
 */
public final class EsdkMaterialsCache implements CryptoMaterialsCache, AutoCloseable {
  private final AsyncSecretCache<String, EncryptEntry> encrypt;
  private final AsyncSecretCache<String, DecryptEntry> decrypt;
  private final ConcurrentHashMap<String, CompletableFuture<EncryptEntry>> pendingEncrypt = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<DecryptEntry>> pendingDecrypt = new ConcurrentHashMap<>();
  private final Duration loadWait;
  private final Clock clock;

  private EsdkMaterialsCache(Builder b) {
    this.loadWait = b.loadWait;
    this.clock = b.clock;
    CachePolicy policy = b.limits.ageAndSizePolicy();
    this.encrypt =
        SecretCache.<String, EncryptEntry>builder()
            .policy(policy)
            .ticker(b.ticker)
            .executor(b.executor)
            .destroyer(e -> { })
            .buildAsync((id, ex) -> load(pendingEncrypt, id, EncryptEntry::copy));
    this.decrypt =
        SecretCache.<String, DecryptEntry>builder()
            .policy(policy)
            .ticker(b.ticker)
            .executor(b.executor)
            .destroyer(e -> { })
            .buildAsync((id, ex) -> load(pendingDecrypt, id, DecryptEntry::copy));
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
   * The cache's loader: a value {@code put} has published, or the put another caller is about to make
   * (waited for up to {@code loadWait}), or, for the first caller to miss, an immediate "absent" that
   * sends it to the master key provider while it registers as the one others wait for.
   */
  private <V> CompletableFuture<V> load(
      ConcurrentHashMap<String, CompletableFuture<V>> pending, String id, java.util.function.UnaryOperator<V> copy) {
    CompletableFuture<V> fresh = new CompletableFuture<>();
    CompletableFuture<V> existing = pending.putIfAbsent(id, fresh);
    if (existing == null) {
      return CompletableFuture.failedFuture(new Absent());
    }
    if (existing.isDone() && !existing.isCompletedExceptionally()) {
      pending.remove(id, existing);
      return existing.thenApply(copy);
    }
    return existing.copy().thenApply(copy).orTimeout(loadWait.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete((v, t) -> {
          if (t != null) {
            pending.remove(id, existing);
          }
        });
  }

  /** A miss that sends the caller to the master key provider; never visible outside. */
  private static final class Absent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Absent() {
      super("absent", null, false, false);
    }
  }

  private static String id(byte[] cacheId) {
    return Base64.getEncoder().encodeToString(cacheId);
  }

  private static <V> V value(CompletableFuture<Lease<V>> f) {
    try {
      try (Lease<V> lease = f.join()) {
        return lease.value();
      }
    } catch (CompletionException e) {
      return null;
    }
  }

  private static <V> void publish(ConcurrentHashMap<String, CompletableFuture<V>> pending, String id, V v) {
    CompletableFuture<V> done = CompletableFuture.completedFuture(v);
    CompletableFuture<V> waiting = pending.putIfAbsent(id, done);
    if (waiting != null && !waiting.complete(v)) {
      pending.put(id, done);
    }
  }

  @Override
  public EncryptCacheEntry getEntryForEncrypt(byte[] cacheId, UsageStats usageIncrement) {
    EncryptEntry e = value(encrypt.acquire(id(cacheId), Math.max(0, usageIncrement.getBytesEncrypted())));
    return e == null ? null : e.reserve(usageIncrement);
  }

  @Override
  public EncryptCacheEntry putEntryForEncrypt(
      byte[] cacheId, EncryptionMaterials result, CacheHint hint, UsageStats usageStats) {
    String id = id(cacheId);
    EncryptEntry mine = new EncryptEntry(this, id, result, clock.millis(), usageStats);
    encrypt.invalidate(id);
    publish(pendingEncrypt, id, mine);
    value(encrypt.acquire(id, 0));
    pendingEncrypt.remove(id);
    return mine.view();
  }

  @Override
  public DecryptCacheEntry getEntryForDecrypt(byte[] cacheId) {
    return value(decrypt.acquire(id(cacheId), 0));
  }

  @Override
  public void putEntryForDecrypt(byte[] cacheId, DecryptionMaterials result, CacheHint hint) {
    String id = id(cacheId);
    decrypt.invalidate(id);
    publish(pendingDecrypt, id, new DecryptEntry(this, id, result, clock.millis()));
    value(decrypt.acquire(id, 0));
    pendingDecrypt.remove(id);
  }

  /** Drops every entry. */
  public void invalidateAll() {
    encrypt.invalidateAll();
    decrypt.invalidateAll();
  }

  /** Closes the underlying caches. Idempotent. */
  @Override
  public void close() {
    encrypt.close();
    decrypt.close();
  }

  /** One cached encryption result with its running usage (shared by the cache's value copies). */
  private static final class EncryptEntry {
    final EsdkMaterialsCache owner;
    final String id;
    final EncryptionMaterials materials;
    final long created;
    final AtomicLong messages;
    final AtomicLong bytes;

    EncryptEntry(EsdkMaterialsCache owner, String id, EncryptionMaterials m, long created, UsageStats initial) {
      this(owner, id, m, created, new AtomicLong(initial.getMessagesEncrypted()), new AtomicLong(initial.getBytesEncrypted()));
    }

    private EncryptEntry(
        EsdkMaterialsCache owner, String id, EncryptionMaterials m, long created, AtomicLong messages, AtomicLong bytes) {
      this.owner = owner;
      this.id = id;
      this.materials = m;
      this.created = created;
      this.messages = messages;
      this.bytes = bytes;
    }

    EncryptEntry copy() {
      return new EncryptEntry(owner, id, materials, created, messages, bytes);
    }

    EncryptCacheEntry reserve(UsageStats inc) {
      UsageStats now =
          new UsageStats(saturating(bytes, inc.getBytesEncrypted()), saturating(messages, inc.getMessagesEncrypted()));
      return view(now);
    }

    private static long saturating(AtomicLong a, long add) {
      return a.accumulateAndGet(add, (x, y) -> x + y < x ? Long.MAX_VALUE : x + y);
    }

    EncryptCacheEntry view() {
      return view(new UsageStats(bytes.get(), messages.get()));
    }

    EncryptCacheEntry view(UsageStats stats) {
      return new EncryptCacheEntry() {
        @Override
        public UsageStats getUsageStats() {
          return stats;
        }

        @Override
        public long getEntryCreationTime() {
          return created;
        }

        @Override
        public EncryptionMaterials getResult() {
          return materials;
        }

        @Override
        public void invalidate() {
          owner.encrypt.invalidate(id);
        }
      };
    }
  }

  private static final class DecryptEntry implements DecryptCacheEntry {
    final EsdkMaterialsCache owner;
    final String id;
    final DecryptionMaterials materials;
    final long created;

    DecryptEntry(EsdkMaterialsCache owner, String id, DecryptionMaterials m, long created) {
      this.owner = owner;
      this.id = id;
      this.materials = m;
      this.created = created;
    }

    DecryptEntry copy() {
      return new DecryptEntry(owner, id, materials, created);
    }

    @Override
    public DecryptionMaterials getResult() {
      return materials;
    }

    @Override
    public void invalidate() {
      owner.decrypt.invalidate(id);
    }

    @Override
    public long getEntryCreationTime() {
      return created;
    }
  }

  /** Builds {@link EsdkMaterialsCache}s. Not thread-safe. */
  public static final class Builder {
    private CacheLimits limits = CacheLimits.DEFAULTS;
    private Duration loadWait = Duration.ofSeconds(5);
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private Executor executor = ForkJoinPool.commonPool();

    private Builder() {}

    /**
     * Upper bound on how long any entry stays cached; the ESDK manager's own {@code withMaxAge} should
     * not exceed it. Required.
     *
     * @param maxAge the longest any entry stays cached
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxAge(Duration maxAge) {
      this.limits = limits.withMaxAge(maxAge);
      return this;
    }

    /**
     * The most entries per path. By default 1000.
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
     * How long a caller that missed waits for another caller's pending {@code put} of the same entry.
     * By default 5 seconds.
     *
     * @param loadWait how long a caller that missed waits for a pending {@code put}
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder loadWait(Duration loadWait) {
      Objects.requireNonNull(loadWait, "loadWait");
      if (loadWait.isNegative()) {
        throw new IllegalArgumentException("loadWait must not be negative, was " + loadWait);
      }
      this.loadWait = loadWait;
      return this;
    }

    /**
     * Time source for this cache's maxAge; by default the system ticker.
     *
     * @param ticker the time source
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Wall clock for the ESDK's entry creation times (milliseconds); by default UTC system clock.
     *
     * @param clock the wall clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Executor for cache maintenance; by default the common pool.
     *
     * @param executor the executor for cache maintenance
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the cache.
     *
     * @return a new cache
     * @throws IllegalStateException if maxAge was not set
     */
    public EsdkMaterialsCache build() {
      limits.requireMaxAge();
      return new EsdkMaterialsCache(this);
    }
  }
}
