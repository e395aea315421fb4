package dev.cirrus.crypto;

import dev.cirrus.cache.CacheStats;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.Ticker;
import dev.cirrus.crypto.internal.BranchKeyCache;
import dev.cirrus.crypto.internal.HierarchyOps;
import dev.cirrus.crypto.internal.HierarchyWrap;
import dev.cirrus.crypto.internal.Jca;
import dev.cirrus.crypto.internal.JcaProviders;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The AWS KMS hierarchical keyring (framework/aws-kms/aws-kms-hierarchical-keyring.md), byte-compatible with
 * the AWS Cryptographic Material Providers Library 1.11: data keys are wrapped under keys derived from
 * <em>branch keys</em> that a {@link BranchKeySource} (a DynamoDB branch key store) keeps under KMS, and the
 * plaintext branch keys are cached locally, so that most messages cost no KMS call at all.
 *
 * <p><b>Encrypt.</b> Gets the branch key id (fixed, or from the {@link BranchKeyIdSupplier} for the
 * message's encryption context), takes the ACTIVE version of that branch key from the cache (loading it with
 * {@link BranchKeySource#activeBranchKey} on a miss), generates the data key if the materials hold none
 * (only then does it act as a generator), derives a one-message wrapping key from the branch key and a fresh
 * 16-byte salt (NIST SP 800-108 counter mode, HMAC-SHA256, label {@code "aws-kms-hierarchy"}) and wraps the
 * data key with AES-256-GCM under a fresh 12-byte IV. The encrypted data key has provider id {@value
 * #PROVIDER_ID}, provider info = the branch key id (UTF-8) and ciphertext = salt (16) || IV (12) || version
 * (the 16 bytes of the UUID) || wrapped data key || tag (16). The AAD is {@code "aws-kms-hierarchy"} ||
 * branch key id || version (16 bytes) || the serialized encryption context.
 *
 * <p><b>Decrypt.</b> Considers the encrypted data keys with provider id {@value #PROVIDER_ID}; those naming
 * another branch key than the one for this encryption context, and those of the wrong length, fail at once
 * (without a store call). Each other one is tried in order: the version it names is taken from the cache
 * (loaded with {@link BranchKeySource#branchKeyVersion} on a miss) and the data key unwrapped. If none
 * succeeds, the keyring throws a {@link DataKeyDecryptionException} listing each key and why (a branch
 * key the source could not provide appears with the {@link BranchKeyException}'s message, which names id
 * and version, and the exception itself is suppressed; an unavailable source makes it a retryable {@link
 * KmsUnavailableException}). Key bytes never appear in messages.
 *
 * <p><b>Cache.</b> Each branch key version is used for at most the {@linkplain Builder#ttl TTL} after it was
 * loaded; a use after {@linkplain Builder#refreshAheadFraction a fraction} of the TTL (by default {@value
 * #DEFAULT_REFRESH_AHEAD_FRACTION}) starts one background reload, so that callers rarely wait for the store
 * and a rotation of the active version is picked up within one TTL. Concurrent misses for one entry (the
 * active key of an id, or one (id, version)) cause a single source call. At most {@linkplain
 * Builder#maxCachedBranchKeys a number} of entries are kept. A plaintext branch key is destroyed when its
 * entry is retired (expiry, replacement, eviction, {@link #close()}) and no operation still uses it; derived
 * wrapping keys and the copies of key bytes are wiped after each use. Sync operations load with the source's
 * blocking methods on the calling thread, async operations and background reloads with its async methods.
 * The cache belongs to this keyring, so {@link BranchKeySource#logicalKeyStoreName()} needs no part in its
 * keys.
 *
 * <p>This class is thread-safe. {@link #close()} it when done to destroy the cached branch keys.
 */
public final class HierarchicalKeyring implements Keyring, AutoCloseable {
  /** The provider id of this keyring's encrypted data keys. */
  public static final String PROVIDER_ID = HierarchyWrap.PROVIDER_ID;
  /** The default of {@link Builder#maxCachedBranchKeys}, as in the MPL. */
  public static final int DEFAULT_MAX_CACHED_BRANCH_KEYS = 1000;
  /** The default of {@link Builder#refreshAheadFraction}: reload in the background after 75% of the TTL. */
  public static final double DEFAULT_REFRESH_AHEAD_FRACTION = 0.75;

  private final BranchKeySource source;
  private final String branchKeyId;
  private final Duration ttl;
  private final BranchKeyCache cache;
  private final HierarchyOps ops;

  private HierarchicalKeyring(Builder b) {
    this.source = b.source;
    this.branchKeyId = b.branchKeyId;
    this.ttl = b.ttl;
    Jca jca = b.providers == null ? JcaProviders.defaults() : JcaProviders.of(b.providers);
    this.cache = new BranchKeyCache(
        b.source, b.ttl, b.maxCachedBranchKeys, b.refreshAheadFraction, b.ticker, b.executor);
    this.ops = new HierarchyOps(cache, new HierarchyWrap(jca, b.random), b.branchKeyId, b.supplier);
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
   * The fixed branch key id, or {@code null} if a supplier chooses it per message.
   *
   * @return the branch key id or {@code null}
   */
  public String branchKeyId() {
    return branchKeyId;
  }

  /**
   * How long a loaded branch key may be used.
   *
   * @return the TTL
   */
  public Duration ttl() {
    return ttl;
  }

  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    return ops.onEncrypt(materials);
  }

  /**
   * Asynchronous {@link #onEncrypt}: a cache miss loads with {@link BranchKeySource#activeBranchKeyAsync}.
   *
   * @param materials the materials so far
   * @return a future completed like {@link #onEncrypt}
   */
  @Override
  public CompletableFuture<EncryptionMaterials> onEncryptAsync(EncryptionMaterials materials) {
    return ops.onEncryptAsync(materials);
  }

  /**
   * Tries this keyring's encrypted data keys as the class description says.
   *
   * @throws DataKeyDecryptionException if at least one encrypted data key is this keyring's ({@value
   *     #PROVIDER_ID}) and none decrypted
   * @throws IllegalStateException if this keyring was closed
   */
  @Override
  public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys) {
    return ops.onDecrypt(materials, encryptedDataKeys);
  }

  /**
   * Asynchronous {@link #onDecrypt}: cache misses load with {@link BranchKeySource#branchKeyVersionAsync}.
   *
   * @param materials materials without a data key
   * @param encryptedDataKeys the encrypted data keys from the message header
   * @return a future completed like {@link #onDecrypt}
   */
  @Override
  public CompletableFuture<DecryptionMaterials> onDecryptAsync(
      DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys) {
    return ops.onDecryptAsync(materials, encryptedDataKeys);
  }

  /**
   * Loads the active version of each branch key into the cache now (those already cached are kept), so
   * that the first messages do not wait for the store.
   *
   * @param branchKeyIds the branch key ids
   * @throws BranchKeyException if the source cannot provide one of them (those before it stay loaded)
   * @throws IllegalStateException if this keyring was closed
   */
  public void prewarm(String... branchKeyIds) {
    Objects.requireNonNull(branchKeyIds, "branchKeyIds");
    for (String id : branchKeyIds) {
      Objects.requireNonNull(id, "branch key id");
      try (Lease<BranchKeyMaterials> lease = cache.acquire(BranchKeyCache.Key.active(id))) {
        lease.value();
      }
    }
  }

  /**
   * Statistics of the branch key cache: hits, misses, loads (source calls), refreshes and retirements by
   * cause.
   *
   * @return a snapshot of the counters since this keyring was built
   */
  public CacheStats stats() {
    return cache.stats();
  }

  /**
   * Removes expired branch keys now, destroying them once unused; otherwise that happens during later
   * operations. Call it when the keyring may stay idle a long time.
   */
  public void cleanUp() {
    cache.cleanUp();
  }

  /** Retires every cached branch key (each destroyed once unused); later operations load them again. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /** Retires and destroys every cached branch key and rejects further operations. Idempotent. */
  @Override
  public void close() {
    cache.close();
  }

  @Override
  public String toString() {
    return "HierarchicalKeyring{store=" + source.logicalKeyStoreName()
        + (branchKeyId != null ? ", branchKeyId=" + branchKeyId : ", branchKeyIdSupplier") + ", ttl=" + ttl + "}";
  }

  /** Builds {@link HierarchicalKeyring}s. Not thread-safe. */
  public static final class Builder {
    private BranchKeySource source;
    private String branchKeyId;
    private BranchKeyIdSupplier supplier;
    private Duration ttl;
    private int maxCachedBranchKeys = DEFAULT_MAX_CACHED_BRANCH_KEYS;
    private double refreshAheadFraction = DEFAULT_REFRESH_AHEAD_FRACTION;
    private Ticker ticker = Ticker.system();
    private Executor executor = ForkJoinPool.commonPool();
    private SecureRandom random;
    private List<Provider> providers;

    private Builder() {}

    /**
     * Where branch keys come from. Required.
     *
     * @param source the branch key source
     * @return this builder
     */
    public Builder branchKeySource(BranchKeySource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * The one branch key of every message. Exactly one of this and {@link #branchKeyIdSupplier} is required.
     *
     * @param branchKeyId the branch key id
     * @return this builder
     * @throws IllegalArgumentException if empty
     */
    public Builder branchKeyId(String branchKeyId) {
      Objects.requireNonNull(branchKeyId, "branchKeyId");
      if (branchKeyId.isEmpty()) {
        throw new IllegalArgumentException("branchKeyId must not be empty, was \"\"");
      }
      this.branchKeyId = branchKeyId;
      return this;
    }

    /**
     * Chooses the branch key per message from its encryption context (multi-tenant use). Exactly one of this
     * and {@link #branchKeyId} is required.
     *
     * @param supplier the supplier
     * @return this builder
     */
    public Builder branchKeyIdSupplier(BranchKeyIdSupplier supplier) {
      this.supplier = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    /**
     * How long a loaded branch key may be used before it is loaded again (the spec's cache limit TTL).
     * Required. Shorter means revoked access and rotations take effect sooner, at the cost of more store
     * and KMS calls.
     *
     * @param ttl the TTL, greater than zero
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isZero() || ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must be greater than zero (at least 1 ns), was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * How many branch key entries (active keys and versions) the cache keeps. By default {@value
     * HierarchicalKeyring#DEFAULT_MAX_CACHED_BRANCH_KEYS}.
     *
     * @param maxCachedBranchKeys at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxCachedBranchKeys(int maxCachedBranchKeys) {
      if (maxCachedBranchKeys < 1) {
        throw new IllegalArgumentException(
            "maxCachedBranchKeys must be between 1 and " + Integer.MAX_VALUE + ", was " + maxCachedBranchKeys);
      }
      this.maxCachedBranchKeys = maxCachedBranchKeys;
      return this;
    }

    /**
     * The fraction of the TTL after which a use of a cached branch key starts one background reload. By
     * default {@value HierarchicalKeyring#DEFAULT_REFRESH_AHEAD_FRACTION}.
     *
     * @param fraction strictly between 0.0 and 1.0
     * @return this builder
     * @throws IllegalArgumentException if out of range or NaN
     */
    public Builder refreshAheadFraction(double fraction) {
      if (!(fraction > 0.0 && fraction < 1.0)) {
        throw new IllegalArgumentException(
            "refreshAheadFraction must be greater than 0.0 and less than 1.0, was " + fraction);
      }
      this.refreshAheadFraction = fraction;
      return this;
    }

    /**
     * Turns refresh-ahead off: an expired branch key is then reloaded by the first operation that needs it.
     *
     * @return this builder
     */
    public Builder noRefreshAhead() {
      this.refreshAheadFraction = 0;
      return this;
    }

    /**
     * The time source for the TTL. By default {@link Ticker#system()}; tests pass a {@link
     * dev.cirrus.cache.ManualTicker}.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Runs background reloads and cache maintenance. By default {@link ForkJoinPool#commonPool()}; tests
     * may pass {@code Runnable::run}.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The source of data keys, salts and IVs. By default a per-thread DRBG seeded by the JDK. It must be
     * thread-safe (every {@link SecureRandom} is).
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The JCA providers, in preference order, as for {@link CirrusCrypto.Builder#provider}: each algorithm
     * family (AES-GCM, HMAC, ECDSA) comes from the first that offers all of it. By default the module's
     * choice (ACCP when present and healthy, else the JDK's). Only AES-GCM and HMAC-SHA256 are used here.
     *
     * @param provider the preferred provider
     * @param more further providers
     * @return this builder
     * @throws IllegalArgumentException if no listed provider offers a family, naming what each lacks
     */
    public Builder provider(Provider provider, Provider... more) {
      List<Provider> list = JcaProviders.listOf(provider, more);
      JcaProviders.of(list);
      this.providers = list;
      return this;
    }

    /**
     * Builds the keyring.
     *
     * @return a new keyring with an empty cache
     * @throws IllegalStateException if the source or the TTL is missing, or not exactly one of a branch key
     *     id and a supplier was given
     */
    public HierarchicalKeyring build() {
      if (source == null) {
        throw new IllegalStateException("branchKeySource is required");
      }
      if ((branchKeyId == null) == (supplier == null)) {
        throw new IllegalStateException("exactly one of branchKeyId and branchKeyIdSupplier is required, got "
            + (branchKeyId == null ? "neither" : "both"));
      }
      if (ttl == null) {
        throw new IllegalStateException("ttl is required");
      }
      return new HierarchicalKeyring(this);
    }
  }
}
