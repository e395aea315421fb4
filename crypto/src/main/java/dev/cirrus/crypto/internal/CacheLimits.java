package dev.cirrus.crypto.internal;

import dev.cirrus.cache.CachePolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits of a data-key cache, shared by {@code CachingMaterialsManager.Builder} and {@code
 * EsdkMaterialsCache.Builder} so that both validate and default them in one place. Each {@code with}
 * method checks its argument and returns a new value; a value never changes once made.
 *
 * <p>Defaults: no maximum age (it is required, see {@link #requireMaxAge()}), at most 2^32 (4294967296)
 * messages and {@code Long.MAX_VALUE} bytes per key, {@value
 * #DEFAULT_MAXIMUM_SIZE} entries per path, no refresh ahead.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CacheLimits {
  /** The default most entries per path. */
  public static final long DEFAULT_MAXIMUM_SIZE = 1000;

  /** The defaults, with no maximum age yet. */
  public static final CacheLimits DEFAULTS =
      new CacheLimits(null, CachePolicy.MAX_USES_LIMIT, Long.MAX_VALUE, DEFAULT_MAXIMUM_SIZE, 0);

  private final Duration maxAge;
  private final long maxMessagesPerKey;
  private final long maxBytesPerKey;
  private final long maximumSize;
  /** 0 when off. */
  private final double refreshAheadFraction;

  private CacheLimits(
      Duration maxAge, long maxMessagesPerKey, long maxBytesPerKey, long maximumSize, double refreshAheadFraction) {
    this.maxAge = maxAge;
    this.maxMessagesPerKey = maxMessagesPerKey;
    this.maxBytesPerKey = maxBytesPerKey;
    this.maximumSize = maximumSize;
    this.refreshAheadFraction = refreshAheadFraction;
  }

  /**
   * These limits with the longest a data key may be used after it was obtained.
   *
   * @throws NullPointerException if {@code maxAge} is null
   * @throws IllegalArgumentException if not positive
   */
  public CacheLimits withMaxAge(Duration maxAge) {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
    }
    return new CacheLimits(maxAge, maxMessagesPerKey, maxBytesPerKey, maximumSize, refreshAheadFraction);
  }

  /**
   * These limits with the most messages one data key encrypts.
   *
   * @throws IllegalArgumentException if not between 1 and 4294967296
   */
  public CacheLimits withMaxMessagesPerKey(long maxMessages) {
    if (maxMessages < 1 || maxMessages > CachePolicy.MAX_USES_LIMIT) {
      throw new IllegalArgumentException(
          "maxMessagesPerKey must be between 1 and " + CachePolicy.MAX_USES_LIMIT + ", was " + maxMessages);
    }
    return new CacheLimits(maxAge, maxMessages, maxBytesPerKey, maximumSize, refreshAheadFraction);
  }

  /**
   * These limits with the most plaintext bytes one data key encrypts.
   *
   * @throws IllegalArgumentException if below 1
   */
  public CacheLimits withMaxBytesPerKey(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytesPerKey must be at least 1, was " + maxBytes);
    }
    return new CacheLimits(maxAge, maxMessagesPerKey, maxBytes, maximumSize, refreshAheadFraction);
  }

  /**
   * These limits with the most entries per path.
   *
   * @throws IllegalArgumentException if below 1
   */
  public CacheLimits withMaximumSize(long maximumSize) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
    }
    return new CacheLimits(maxAge, maxMessagesPerKey, maxBytesPerKey, maximumSize, refreshAheadFraction);
  }

  /**
   * These limits with one background reload when an entry reaches {@code fraction} of any limit.
   *
   * @throws IllegalArgumentException if not strictly between 0 and 1
   */
  public CacheLimits withRefreshAheadFraction(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("refreshAheadFraction must be between 0 and 1 (exclusive), was " + fraction);
    }
    return new CacheLimits(maxAge, maxMessagesPerKey, maxBytesPerKey, maximumSize, fraction);
  }

  /**
   * Checks that a maximum age was set, as every data-key cache requires.
   *
   * @return these limits
   * @throws IllegalStateException if no maximum age was set
   */
  public CacheLimits requireMaxAge() {
    if (maxAge == null) {
      throw new IllegalStateException("maxAge is required");
    }
    return this;
  }

  /**
   * The policy of a cache whose entries are bounded by age, uses, bytes and count (with refresh ahead
   * if set): the encrypt path.
   */
  public CachePolicy perKeyPolicy() {
    CachePolicy.Builder pb =
        CachePolicy.builder().maxAge(maxAge).maxUses(maxMessagesPerKey).maxBytes(maxBytesPerKey).maximumSize(maximumSize);
    if (refreshAheadFraction > 0) {
      pb.refreshAheadFraction(refreshAheadFraction);
    }
    return pb.build();
  }

  /** The policy of a cache whose entries are bounded by age and count only: the decrypt path, the ESDK bridge. */
  public CachePolicy ageAndSizePolicy() {
    return CachePolicy.builder().maxAge(maxAge).maximumSize(maximumSize).build();
  }

  @Override
  public String toString() {
    return "CacheLimits{maxAge=" + maxAge + ", maxMessagesPerKey=" + maxMessagesPerKey + ", maxBytesPerKey="
        + maxBytesPerKey + ", maximumSize=" + maximumSize + ", refreshAheadFraction=" + refreshAheadFraction + "}";
  }
}
