package dev.cirrus.retry;

import dev.cirrus.retry.internal.CubicRateState;
import dev.cirrus.retry.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A client-side send rate per resource (a table, a KMS key, a bucket prefix) that adapts to what the service
 * accepts: cut multiplicatively on a throttle, regrown along a cubic curve on successes (CUBIC, as in the AWS
 * SDKs' adaptive retry mode). A resource that has never been throttled is not limited at all.
 *
 * <p>The limiter never blocks: {@link #reserveNanos(String)} takes a send slot and returns how long to wait
 * before using it, and {@link RetryPolicy} (sync or async) or the SDK adapter does the waiting. Feed it every
 * response with {@link #onResponse(String, boolean)}.
 *
 * <p>Share one instance between every policy and client that reach the same resources. Keys are held until
 * {@link Builder#maxKeys(int)} is reached; later new keys share one overflow state. This class is thread-safe;
 * each key's state is updated under its own lock.
 */
public final class AdaptiveRateLimiter {

  /** The key used by calls that give none. */
  public static final String DEFAULT_KEY = "default";
  private static final String OVERFLOW_KEY = "\u0000overflow";

  private final double beta;
  private final double scale;
  private final double minRatePerSecond;
  private final double maxRatePerSecond;
  private final long throttleHoldNanos;
  private final int maxKeys;
  private final LongSupplier nanoTicker;
  private final ConcurrentHashMap<String, CubicRateState> states = new ConcurrentHashMap<>();

  private AdaptiveRateLimiter(Builder b) {
    this.beta = b.beta;
    this.scale = b.scale;
    this.minRatePerSecond = b.minRatePerSecond;
    this.maxRatePerSecond = b.maxRatePerSecond;
    this.throttleHoldNanos = b.throttleHoldNanos;
    this.maxKeys = b.maxKeys;
    this.nanoTicker = b.nanoTicker;
  }

  /**
   * Returns a limiter with the defaults.
   *
   * @return a limiter with the defaults
   */
  public static AdaptiveRateLimiter create() {
    return builder().build();
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  private CubicRateState state(String key) {
    Objects.requireNonNull(key, "key");
    CubicRateState s = states.get(key);
    if (s != null) {
      return s;
    }
    String k = states.size() >= maxKeys ? OVERFLOW_KEY : key;
    return states.computeIfAbsent(k,
        x -> new CubicRateState(beta, scale, minRatePerSecond, maxRatePerSecond, throttleHoldNanos));
  }

  /**
   * Takes one send slot for {@code key} and returns the nanoseconds the caller MUST wait before sending;
   * 0 while the key has never been throttled.
   *
   * @param key the resource key (a table name, a KMS key id, a bucket prefix)
   * @return nanoseconds to wait before sending, never negative
   * @throws NullPointerException if {@code key} is null
   */
  public long reserveNanos(String key) {
    return state(key).reserve(nanoTicker.getAsLong());
  }

  /**
   * Gives back one send slot taken by {@link #reserveNanos(String)} that will not be used (the caller gave up
   * instead of sending), so it does not delay later callers. Callers MUST call it at most once per unused
   * reservation.
   *
   * @param key the key the slot was reserved under
   * @throws NullPointerException if {@code key} is null
   */
  public void cancelReservation(String key) {
    state(key).cancelReservation(nanoTicker.getAsLong());
  }

  /**
   * Records the outcome of a request to {@code key}: a throttle lowers the rate, anything else (including
   * non-throttling errors) lets it grow.
   *
   * @param key the resource key (a table name, a KMS key id, a bucket prefix)
   * @param throttled whether the service answered with a throttle
   * @throws NullPointerException if {@code key} is null
   */
  public void onResponse(String key, boolean throttled) {
    state(key).onResponse(nanoTicker.getAsLong(), throttled);
  }

  /**
   * Returns the current send rate for {@code key} in requests per second, within
   * {@code [minRatePerSecond, maxRatePerSecond]}, or {@link Double#POSITIVE_INFINITY} while not limiting.
   *
   * @param key the resource key (a table name, a KMS key id, a bucket prefix)
   * @return requests per second, or {@link Double#POSITIVE_INFINITY}
   * @throws NullPointerException if {@code key} is null
   */
  public double ratePerSecond(String key) {
    CubicRateState s = states.get(Objects.requireNonNull(key, "key"));
    if (s == null && states.size() >= maxKeys) {
      s = states.get(OVERFLOW_KEY); // the state reserveNanos(key) would use
    }
    return s == null ? Double.POSITIVE_INFINITY : s.fillRate();
  }

  /**
   * Returns the lowest rate the limiter will set.
   *
   * @return the lowest rate the limiter will set
   */
  public double minRatePerSecond() {
    return minRatePerSecond;
  }

  /**
   * Returns the highest rate the limiter will set.
   *
   * @return the highest rate the limiter will set
   */
  public double maxRatePerSecond() {
    return maxRatePerSecond;
  }

  @Override
  public String toString() {
    return "AdaptiveRateLimiter{keys=" + states.size() + ", minRatePerSecond=" + minRatePerSecond
        + ", maxRatePerSecond=" + maxRatePerSecond + ", beta=" + beta + "}";
  }

  /**
   * Builds an {@link AdaptiveRateLimiter}. Not thread-safe; {@link #build()} copies the settings.
   */
  public static final class Builder {
    private double beta = 0.7;
    private double scale = 0.4;
    private double minRatePerSecond = 0.5;
    private double maxRatePerSecond = 100_000;
    private long throttleHoldNanos = 100_000_000L;
    private int maxKeys = 10_000;
    private LongSupplier nanoTicker = System::nanoTime;

    private Builder() {}

    /**
     * Sets the lowest send rate. By default 0.5 per second (the SDK's minimum).
     *
     * @param rate requests per second
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     */
    public Builder minRatePerSecond(double rate) {
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("minRatePerSecond must be positive and finite, was " + rate);
      }
      this.minRatePerSecond = rate;
      return this;
    }

    /**
     * Sets the highest send rate. By default 100,000 per second.
     *
     * @param rate requests per second
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     */
    public Builder maxRatePerSecond(double rate) {
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("maxRatePerSecond must be positive and finite, was " + rate);
      }
      this.maxRatePerSecond = rate;
      return this;
    }

    /**
     * Sets the multiplicative decrease on a throttle. By default 0.7 (the SDK's value).
     *
     * @param beta the factor applied to the rate on a throttle
     * @return this builder
     * @throws IllegalArgumentException if not in {@code (0, 1)}
     */
    public Builder beta(double beta) {
      if (!(beta > 0 && beta < 1)) {
        throw new IllegalArgumentException("beta must be between 0 and 1 (exclusive), was " + beta);
      }
      this.beta = beta;
      return this;
    }

    /**
     * Sets the cubic growth constant. By default 0.4 (the SDK's value).
     *
     * @param scale the CUBIC scale constant
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     */
    public Builder scale(double scale) {
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("scale must be positive and finite, was " + scale);
      }
      this.scale = scale;
      return this;
    }

    /**
     * Sets how long after a decrease further throttles are treated as the same signal. By default 100 ms.
     *
     * @param hold the hold time; zero treats every throttle as a new signal
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws NullPointerException if null
     */
    public Builder throttleHold(Duration hold) {
      this.throttleHoldNanos = Durations.requireNonNegative("throttleHold", hold);
      return this;
    }

    /**
     * Sets how many keys get their own state. By default 10,000.
     *
     * @param maxKeys the number of keys with their own state
     * @return this builder
     * @throws IllegalArgumentException if {@code maxKeys < 1}
     */
    public Builder maxKeys(int maxKeys) {
      if (maxKeys < 1) {
        throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
      }
      this.maxKeys = maxKeys;
      return this;
    }

    /**
     * Sets the time source, in nanoseconds like {@link System#nanoTime()}. By default {@code System::nanoTime}.
     *
     * @param nanoTicker a monotonic nanosecond clock
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder nanoTicker(LongSupplier nanoTicker) {
      this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
      return this;
    }

    /**
     * Returns a new limiter.
     *
     * @return a new limiter
     * @throws IllegalArgumentException if {@code minRatePerSecond > maxRatePerSecond}
     */
    public AdaptiveRateLimiter build() {
      if (minRatePerSecond > maxRatePerSecond) {
        throw new IllegalArgumentException("maxRatePerSecond must be at least minRatePerSecond ("
            + minRatePerSecond + "), was " + maxRatePerSecond);
      }
      return new AdaptiveRateLimiter(this);
    }
  }
}
