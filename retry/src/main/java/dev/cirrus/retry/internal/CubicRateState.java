package dev.cirrus.retry.internal;

/**
 * One resource's client-side send rate: a token bucket whose fill rate follows CUBIC (multiplicative decrease
 * on a throttle, cubic regrowth towards and past the last rate that was throttled), as in the AWS SDKs'
 * adaptive retry mode. Disabled (no waiting at all) until the first throttle.
 *
 * <p>Differences from the SDK, on purpose:
 * <ul>
 *   <li>Reservations instead of blocking: {@link #reserve} takes a token even into debt and returns how long
 *       the caller must wait, so async callers schedule instead of parking a thread, and waiting callers are
 *       served in order.</li>
 *   <li>The rate is clamped to {@code [minRate, maxRate]}.</li>
 *   <li>After a throttle, the decrease starts from the rate actually measured, and at most one decrease is
 *       applied per {@code throttleHoldNanos}: a burst of throttles answered to requests sent before the
 *       decrease are one signal, not many. Stacked decreases are what make the SDK's rate collapse and then
 *       oscillate.</li>
 * </ul>
 * All methods are synchronized on this state; time comes from the caller (a ticker), never from the system.
 */
public final class CubicRateState {
  private static final double SMOOTH = 0.8;

  private final double beta;
  private final double scale;
  private final double minRate;
  private final double maxRate;
  private final long throttleHoldNanos;

  private boolean enabled;
  private double fillRate;
  private double capacity;
  private double maxCapacity;
  private long lastRefillNanos;
  private boolean refillStarted;
  private double measuredRate;
  private long measureBucket = Long.MIN_VALUE;
  private long requestCount;
  private long firstResponseNanos = Long.MIN_VALUE;
  private double lastMaxRate;
  private long lastThrottleNanos;
  private boolean throttledOnce;

  public CubicRateState(double beta, double scale, double minRate, double maxRate, long throttleHoldNanos) {
    this.beta = beta;
    this.scale = scale;
    this.minRate = minRate;
    this.maxRate = maxRate;
    this.throttleHoldNanos = throttleHoldNanos;
  }

  /** Takes a send token; returns the nanoseconds to wait before sending (0 while disabled). */
  public synchronized long reserve(long now) {
    if (!enabled) {
      return 0L;
    }
    refill(now);
    capacity -= 1.0;
    if (capacity >= 0) {
      return 0L;
    }
    return (long) Math.ceil(-capacity / fillRate * 1e9);
  }

  /** Gives back a slot taken by {@link #reserve} that will not be used. */
  public synchronized void cancelReservation(long now) {
    if (!enabled) {
      return;
    }
    refill(now);
    capacity = Math.min(maxCapacity, capacity + 1.0);
  }

  /** Records a response; {@code throttled} when the service said slow down. */
  public synchronized void onResponse(long now, boolean throttled) {
    updateMeasuredRate(now);
    double newRate;
    if (throttled) {
      if (throttledOnce && now - lastThrottleNanos < throttleHoldNanos) {
        return;
      }
      double measured = currentRate(now);
      double base = enabled ? Math.min(measured, fillRate) : measured;
      if (base <= 0) {
        base = enabled ? fillRate : minRate;
      }
      lastMaxRate = base;
      lastThrottleNanos = now;
      throttledOnce = true;
      newRate = base * beta;
      enabled = true;
    } else {
      if (!enabled) {
        return;
      }
      double t = (now - lastThrottleNanos) / 1e9 - window();
      newRate = scale * t * t * t + lastMaxRate;
      // Never more than twice what the client actually sends: an idle client must not bank a huge rate.
      newRate = Math.min(newRate, Math.max(2 * currentRate(now), minRate));
    }
    setRate(now, newRate);
  }

  private double window() {
    return Math.cbrt(lastMaxRate * (1 - beta) / scale);
  }

  private void setRate(long now, double rate) {
    refill(now);
    fillRate = Math.max(minRate, Math.min(maxRate, rate));
    maxCapacity = Math.max(fillRate, 1.0);
    capacity = Math.min(capacity, maxCapacity);
  }

  private void refill(long now) {
    if (!refillStarted) {
      refillStarted = true;
      lastRefillNanos = now;
      return;
    }
    double elapsed = Math.max(0, now - lastRefillNanos) / 1e9;
    capacity = Math.min(maxCapacity, capacity + elapsed * fillRate);
    lastRefillNanos = now;
  }

  /**
   * Before the first half-second bucket closes there is no measured rate; a throttle that early (a cold start
   * against a busy table) would otherwise drop the rate to the minimum and take many seconds to recover.
   * Estimate from the requests counted so far instead, over at least 50 ms.
   */
  private double currentRate(long now) {
    return measuredRate > 0 ? measuredRate : earlyRate(now);
  }

  private double earlyRate(long now) {
    if (firstResponseNanos == Long.MIN_VALUE) {
      return 0;
    }
    double seconds = Math.max(0.05, (now - firstResponseNanos) / 1e9);
    return requestCount / seconds;
  }

  private void updateMeasuredRate(long now) {
    if (firstResponseNanos == Long.MIN_VALUE) {
      firstResponseNanos = now;
    }
    // Half-second buckets, exponentially smoothed (the SDK's measurement).
    long bucket = Math.floorDiv(now, 500_000_000L);
    requestCount++;
    if (measureBucket == Long.MIN_VALUE) {
      measureBucket = bucket;
      return;
    }
    if (bucket > measureBucket) {
      double seconds = (bucket - measureBucket) * 0.5;
      double current = requestCount / seconds;
      measuredRate = current * SMOOTH + measuredRate * (1 - SMOOTH);
      requestCount = 0;
      measureBucket = bucket;
    }
  }

  public synchronized boolean enabled() {
    return enabled;
  }

  public synchronized double fillRate() {
    return enabled ? fillRate : Double.POSITIVE_INFINITY;
  }

  public synchronized double measuredRate() {
    return measuredRate;
  }
}
