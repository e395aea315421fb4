package dev.cirrus.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The limits of a usage-bounded cache: how long, how often and for how many bytes one loaded value may
 * be used, how many entries the cache keeps, and when a replacement is loaded ahead of time.
 *
 * <p>An entry is handed out by {@code acquire(key, bytes)} only if, after the reservation, its age is
 * less than {@link #maxAge()}, its reserved uses are at most {@link #maxUses()} and its reserved bytes
 * are at most {@link #maxBytes()}; otherwise it is retired and a fresh value is loaded. The reservation
 * that takes an entry's last use, or brings its bytes to exactly {@code maxBytes}, retires it at once, so
 * its value is destroyed as soon as the leases on it close, not kept until a later acquire. A single request
 * for more than {@code maxBytes} bytes bypasses the cache: it gets a freshly loaded value of its own,
 * destroyed when its lease closes, so that one large request can never exhaust (poison) a shared entry.
 *
 * <p>Why each limit exists, for data keys: see {@code docs/guides/cache.md}. In short, age bounds how
 * long a compromised or revoked key stays in use and how stale a cached authorization is; uses bound the
 * number of messages under one key (AES-GCM with random 96-bit IVs must stay well below 2<sup>32</sup>
 * messages per key); bytes bound the data under one key.
 *
 * <p>Instances are immutable and threadsafe. Build one with {@link #builder()}.
 */
public final class CachePolicy {

  /** The largest allowed {@link #maxUses()}: 2<sup>32</sup>. */
  public static final long MAX_USES_LIMIT = 1L << 32;

  private static final Duration MAX_AGE_LIMIT = Duration.ofNanos(Long.MAX_VALUE);
  private static final Duration MIN_AGE = Duration.ofNanos(1);

  private final Duration maxAge;
  private final long maxUses;
  private final long maxBytes;
  private final long maximumSize;
  private final double refreshAheadFraction;

  private CachePolicy(Builder builder) {
    this.maxAge = builder.maxAge;
    this.maxUses = builder.maxUses;
    this.maxBytes = builder.maxBytes;
    this.maximumSize = builder.maximumSize;
    this.refreshAheadFraction = builder.refreshAheadFraction;
  }

  /**
   * Returns a builder with the defaults described on each setter; {@link Builder#maxAge(Duration)} has
   * no default and must be set.
   *
   * @return a new builder; not threadsafe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with this policy's values.
   *
   * @return a new builder; changing it does not change this policy
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Returns how long after its load started an entry may still be handed out (exclusive).
   *
   * @return the maximum age, positive
   */
  public Duration maxAge() {
    return maxAge;
  }

  /**
   * Returns how many acquires one entry may serve.
   *
   * @return between 1 and 2<sup>32</sup>; by default 2<sup>32</sup>
   */
  public long maxUses() {
    return maxUses;
  }

  /**
   * Returns how many bytes, summed over all acquires, one entry may serve.
   *
   * @return at least 1; by default {@link Long#MAX_VALUE}
   */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Returns how many entries the cache keeps before it evicts some.
   *
   * @return at least 1; by default 1000
   */
  public long maximumSize() {
    return maximumSize;
  }

  /**
   * Returns the fraction of any limit at which a background refresh starts, if refresh-ahead is on.
   *
   * @return a fraction in (0, 1), or empty when refresh-ahead is off (the default)
   */
  public OptionalDouble refreshAheadFraction() {
    return refreshAheadFraction == 0 ? OptionalDouble.empty() : OptionalDouble.of(refreshAheadFraction);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CachePolicy)) {
      return false;
    }
    CachePolicy that = (CachePolicy) o;
    return maxUses == that.maxUses
        && maxBytes == that.maxBytes
        && maximumSize == that.maximumSize
        && Double.compare(refreshAheadFraction, that.refreshAheadFraction) == 0
        && maxAge.equals(that.maxAge);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAge, maxUses, maxBytes, maximumSize, refreshAheadFraction);
  }

  @Override
  public String toString() {
    return "CachePolicy{maxAge=" + maxAge + ", maxUses=" + maxUses + ", maxBytes=" + maxBytes
        + ", maximumSize=" + maximumSize + ", refreshAheadFraction="
        + (refreshAheadFraction == 0 ? "off" : Double.toString(refreshAheadFraction)) + "}";
  }

  /**
   * Builds a {@link CachePolicy}. Each setter validates its argument at once; {@link #build()} checks
   * that {@code maxAge} was set. A builder may be reused: {@code build()} copies its state.
   *
   * <p>This class is not threadsafe.
   */
  public static final class Builder {
    private Duration maxAge;
    private long maxUses = MAX_USES_LIMIT;
    private long maxBytes = Long.MAX_VALUE;
    private long maximumSize = 1000;
    private double refreshAheadFraction;

    private Builder() {}

    private Builder(CachePolicy policy) {
      this.maxAge = policy.maxAge;
      this.maxUses = policy.maxUses;
      this.maxBytes = policy.maxBytes;
      this.maximumSize = policy.maximumSize;
      this.refreshAheadFraction = policy.refreshAheadFraction;
    }

    /**
     * Sets how long after its load started an entry may be handed out. Required; no default.
     *
     * @param maxAge between 1 ns and {@link Long#MAX_VALUE} ns
     * @return this builder
     * @throws NullPointerException if {@code maxAge} is null
     * @throws IllegalArgumentException if {@code maxAge} is out of range
     */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.compareTo(MIN_AGE) < 0 || maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
        throw new IllegalArgumentException(
            "maxAge must be between " + MIN_AGE + " and " + MAX_AGE_LIMIT + ", was " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Sets how many acquires one entry may serve. By default 2<sup>32</sup>, the most the AWS
     * guidance allows for AES-GCM data keys with random IVs.
     *
     * @param maxUses between 1 and 2<sup>32</sup> (4294967296)
     * @return this builder
     * @throws IllegalArgumentException if {@code maxUses} is out of range
     */
    public Builder maxUses(long maxUses) {
      if (maxUses < 1 || maxUses > MAX_USES_LIMIT) {
        throw new IllegalArgumentException(
            "maxUses must be between 1 and " + MAX_USES_LIMIT + ", was " + maxUses);
      }
      this.maxUses = maxUses;
      return this;
    }

    /**
     * Sets how many bytes, summed over its acquires, one entry may serve. By default
     * {@link Long#MAX_VALUE}.
     *
     * @param maxBytes between 1 and {@link Long#MAX_VALUE}
     * @return this builder
     * @throws IllegalArgumentException if {@code maxBytes} is out of range
     */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException(
            "maxBytes must be between 1 and " + Long.MAX_VALUE + ", was " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * Sets how many entries the cache keeps; beyond it, entries are evicted (retired with cause
     * {@link RetirementCause#SIZE}) in Caffeine's W-TinyLFU order. Eviction runs shortly after the
     * write that overflowed, so the count may exceed the maximum briefly. By default 1000.
     *
     * @param maximumSize between 1 and {@link Long#MAX_VALUE}
     * @return this builder
     * @throws IllegalArgumentException if {@code maximumSize} is out of range
     */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException(
            "maximumSize must be between 1 and " + Long.MAX_VALUE + ", was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * Turns refresh-ahead on: when an acquire leaves an entry at or past this fraction of its max age,
     * max uses or max bytes, one background load starts; callers keep using the old entry, up to its
     * hard limits, until the new one replaces it. Off by default.
     *
     * @param fraction strictly between 0.0 and 1.0
     * @return this builder
     * @throws IllegalArgumentException if {@code fraction} is out of range or NaN
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
     * Turns refresh-ahead off (the default).
     *
     * @return this builder
     */
    public Builder noRefreshAhead() {
      this.refreshAheadFraction = 0;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return a new immutable policy
     * @throws IllegalStateException if {@code maxAge} was not set
     */
    public CachePolicy build() {
      if (maxAge == null) {
        throw new IllegalStateException("maxAge is required; call maxAge(Duration) before build()");
      }
      return new CachePolicy(this);
    }
  }
}
