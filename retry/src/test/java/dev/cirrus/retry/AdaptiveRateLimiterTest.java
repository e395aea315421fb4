package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdaptiveRateLimiterTest {
  private long now = 5_000_000_000L;

  private AdaptiveRateLimiter.Builder limiter() {
    return AdaptiveRateLimiter.builder().nanoTicker(() -> now);
  }

  /** Sends at a steady rate for the given seconds, every response a success. */
  private void sendSteadily(AdaptiveRateLimiter l, String key, int perSecond, int seconds) {
    long step = 1_000_000_000L / perSecond;
    for (int i = 0; i < perSecond * seconds; i++) {
      now += step;
      l.onResponse(key, false);
    }
  }

  @Test
  void reserve_neverThrottled_noWaitAndUnlimited() {
    AdaptiveRateLimiter l = limiter().build();
    for (int i = 0; i < 1000; i++) {
      assertThat(l.reserveNanos("t")).isZero();
    }
    assertThat(l.ratePerSecond("t")).isInfinite();
  }

  @Test
  void onResponse_throttleAfterSteadyTen_rateCutToSevenTenthsOfMeasured() {
    AdaptiveRateLimiter l = limiter().build();
    sendSteadily(l, "t", 10, 3);

    l.onResponse("t", true);

    assertThat(l.ratePerSecond("t")).isCloseTo(7.0, org.assertj.core.data.Offset.offset(0.3));
  }

  @Test
  void reserve_afterThrottle_spacesRequestsAtRate() {
    AdaptiveRateLimiter l = limiter().build();
    sendSteadily(l, "t", 10, 3);
    l.onResponse("t", true);
    double rate = l.ratePerSecond("t");

    long first = l.reserveNanos("t");
    long second = l.reserveNanos("t");
    long third = l.reserveNanos("t");

    long gap = (long) Math.ceil(1e9 / rate);
    assertThat(first).isCloseTo(gap, org.assertj.core.data.Offset.offset(2L));
    assertThat(second).isCloseTo(2 * gap, org.assertj.core.data.Offset.offset(2L));
    assertThat(third).isCloseTo(3 * gap, org.assertj.core.data.Offset.offset(3L));
  }

  @Test
  void onResponse_keysIndependent() {
    AdaptiveRateLimiter l = limiter().build();
    sendSteadily(l, "a", 10, 3);
    l.onResponse("a", true);

    assertThat(l.ratePerSecond("a")).isLessThan(10);
    assertThat(l.ratePerSecond("b")).isInfinite();
    assertThat(l.reserveNanos("b")).isZero();
  }

  @Test
  void onResponse_burstOfThrottlesWithinHold_oneDecrease() {
    AdaptiveRateLimiter l = limiter().throttleHold(Duration.ofMillis(100)).build();
    sendSteadily(l, "t", 10, 3);
    l.onResponse("t", true);
    double afterFirst = l.ratePerSecond("t");

    now += 10_000_000L;
    l.onResponse("t", true);
    l.onResponse("t", true);

    assertThat(l.ratePerSecond("t")).isEqualTo(afterFirst);
  }

  @Test
  void onResponse_successesAfterThrottle_rateRegrowsTowardsLastMax() {
    AdaptiveRateLimiter l = limiter().build();
    sendSteadily(l, "t", 20, 3);
    l.onResponse("t", true);
    double cut = l.ratePerSecond("t");

    sendSteadily(l, "t", 14, 4);

    assertThat(l.ratePerSecond("t")).isGreaterThan(cut);
  }

  @Test
  void concurrentUse_fourThreads_rateWithinBoundsAndWaitsNonNegative() throws Exception {
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    AdaptiveRateLimiter l = AdaptiveRateLimiter.builder().minRatePerSecond(1).maxRatePerSecond(500)
        .nanoTicker(() -> clock.addAndGet(37_000)).build();
    java.util.concurrent.atomic.AtomicBoolean violated = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long seed = t;
      Thread thread = new Thread(() -> {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = 0; i < 50_000; i++) {
          String key = "k" + rnd.nextInt(3);
          int op = rnd.nextInt(10);
          if (op == 0) {
            l.onResponse(key, true);
          } else if (op < 5) {
            l.onResponse(key, false);
          } else if (l.reserveNanos(key) < 0) {
            violated.set(true);
          }
          double rate = l.ratePerSecond(key);
          if (!Double.isInfinite(rate) && (rate < 1 || rate > 500)) {
            violated.set(true);
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(violated).isFalse();
    assertThat(l.ratePerSecond("k0")).isBetween(1.0, 500.0);
  }

  @Test
  void builder_badValues_clearMessages() {
    assertThatThrownBy(() -> AdaptiveRateLimiter.builder().minRatePerSecond(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minRatePerSecond must be positive and finite, was 0.0");
    assertThatThrownBy(() -> AdaptiveRateLimiter.builder().maxRatePerSecond(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRatePerSecond must be positive and finite, was Infinity");
    assertThatThrownBy(() -> AdaptiveRateLimiter.builder().beta(1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta must be between 0 and 1 (exclusive), was 1.0");
    assertThatThrownBy(() -> AdaptiveRateLimiter.builder().scale(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be positive and finite, was -1.0");
    assertThatThrownBy(() -> AdaptiveRateLimiter.builder().maxKeys(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxKeys must be at least 1, was 0");
    assertThatThrownBy(() -> AdaptiveRateLimiter.builder().minRatePerSecond(10).maxRatePerSecond(5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRatePerSecond must be at least minRatePerSecond (10.0), was 5.0");
    assertThatThrownBy(() -> AdaptiveRateLimiter.create().reserveNanos(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("key");
  }

  @Test
  void maxKeys_exceeded_newKeysShareOverflowState() {
    AdaptiveRateLimiter l = limiter().maxKeys(1).build();
    l.onResponse("first", false);
    sendSteadily(l, "second", 10, 3);
    l.onResponse("third", true);

    assertThat(l.ratePerSecond("first")).isInfinite();
    assertThat(l.reserveNanos("fourth")).isGreaterThanOrEqualTo(0);
  }

  @Test
  void ratePerSecond_keyBeyondMaxKeys_reportsTheSharedOverflowRateItIsLimitedBy() {
    AdaptiveRateLimiter l = limiter().maxKeys(1).build();
    l.onResponse("first", false);
    sendSteadily(l, "second", 10, 3);
    l.onResponse("third", true);

    assertThat(l.reserveNanos("fourth")).isPositive();
    assertThat(l.ratePerSecond("fourth")).isEqualTo(l.ratePerSecond("second")).isBetween(0.5, 10.0);
  }
}
