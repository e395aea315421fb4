package dev.cirrus.crypto.internal;

import dev.cirrus.cache.AsyncSecretCache;
import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.CacheStats;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.cache.Ticker;
import dev.cirrus.crypto.BranchKeyException;
import dev.cirrus.crypto.BranchKeyMaterials;
import dev.cirrus.crypto.BranchKeySource;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The hierarchical keyring's cache of plaintext branch keys over {@code cirrus-cache}: one entry per
 * active key ({@code version == null}, for encrypt) and per (id, version) (for decrypt), each usable for
 * the TTL, loaded once however many callers miss at the same time (single flight), reloaded in the
 * background ahead of expiry, and destroyed when retired and no longer leased.
 *
 * <p>Sync callers load with the source's blocking methods (on the calling thread), async callers and
 * background refreshes with its async methods. Thread-safe.
 */
public final class BranchKeyCache implements AutoCloseable {
  /** A cache key: the active key of {@code branchKeyId} if {@code version} is null, else that version. */
  public record Key(String branchKeyId, String version) {
    public Key {
      Objects.requireNonNull(branchKeyId, "branchKeyId");
    }

    /** The active key of {@code branchKeyId}. */
    public static Key active(String branchKeyId) {
      return new Key(branchKeyId, null);
    }
  }

  /** Set while a sync caller acquires: the loader, which then runs on that thread, calls the blocking method. */
  private static final ThreadLocal<Boolean> SYNC = new ThreadLocal<>();

  private final BranchKeySource source;
  private final AsyncSecretCache<Key, BranchKeyMaterials> cache;

  /**
   * @param refreshAheadFraction the fraction of the TTL after which a use starts a background reload, or 0
   *     for none
   */
  public BranchKeyCache(
      BranchKeySource source, Duration ttl, long maximumSize, double refreshAheadFraction,
      Ticker ticker, Executor executor) {
    this.source = source;
    CachePolicy.Builder policy = CachePolicy.builder().maxAge(ttl).maximumSize(maximumSize);
    if (refreshAheadFraction > 0) {
      policy.refreshAheadFraction(refreshAheadFraction);
    }
    this.cache =
        SecretCache.<Key, BranchKeyMaterials>builder()
            .policy(policy.build())
            .ticker(ticker)
            .executor(executor)
            .buildAsync((k, ex) -> load(k));
  }

  private CompletableFuture<BranchKeyMaterials> load(Key k) {
    if (Boolean.TRUE.equals(SYNC.get())) {
      return Futures.supply(() -> checked(k, k.version() == null
          ? source.activeBranchKey(k.branchKeyId())
          : source.branchKeyVersion(k.branchKeyId(), k.version())));
    }
    CompletableFuture<BranchKeyMaterials> f = k.version() == null
        ? source.activeBranchKeyAsync(k.branchKeyId())
        : source.branchKeyVersionAsync(k.branchKeyId(), k.version());
    return f.thenApply(m -> checked(k, m));
  }

  /**
   * The source's answer if it is the key asked for; otherwise it is destroyed and a {@link
   * BranchKeyException} ({@code MALFORMED}) thrown, so that a confused store can never make the keyring
   * wrap under, or label, the wrong key.
   */
  static BranchKeyMaterials checked(Key k, BranchKeyMaterials m) {
    if (m == null) {
      throw new BranchKeyException(BranchKeyException.Reason.MALFORMED, k.branchKeyId(), k.version(),
          "the branch key source returned null", null);
    }
    String problem = null;
    if (!m.branchKeyId().equals(k.branchKeyId())) {
      problem = "the branch key source returned branch key " + m.branchKeyId();
    } else if (k.version() != null && !UUID.fromString(m.version()).equals(UUID.fromString(k.version()))) {
      problem = "the branch key source returned version " + m.version();
    }
    if (problem != null) {
      m.destroy();
      throw new BranchKeyException(BranchKeyException.Reason.MALFORMED, k.branchKeyId(), k.version(), problem, null);
    }
    return m;
  }

  /**
   * A lease on the key, loaded on this thread with the source's blocking method if needed.
   *
   * @throws BranchKeyException (or what else the source threw) if the load failed
   */
  public Lease<BranchKeyMaterials> acquire(Key key) {
    Boolean before = SYNC.get();
    SYNC.set(Boolean.TRUE);
    try {
      return Futures.join(cache.acquire(key));
    } finally {
      if (before == null) {
        SYNC.remove();
      } else {
        SYNC.set(before);
      }
    }
  }

  /** A future lease on the key, loaded with the source's async method if needed; the caller MUST close it. */
  public CompletableFuture<Lease<BranchKeyMaterials>> acquireAsync(Key key) {
    Boolean before = SYNC.get();
    SYNC.remove();
    try {
      return cache.acquire(key);
    } finally {
      if (before != null) {
        SYNC.set(before);
      }
    }
  }

  public CacheStats stats() {
    return cache.stats();
  }

  /** Retires every entry; each key is destroyed once no operation uses it. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /** Removes expired entries now (destroying their keys once unused). */
  public void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public void close() {
    cache.close();
  }
}
