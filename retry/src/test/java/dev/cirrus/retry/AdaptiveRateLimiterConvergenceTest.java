package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * Closed-loop simulation on a fake clock: clients that always have work send as fast as the limiter lets
 * them, against a server that accepts {@code R} requests per second (token bucket) and throttles the rest.
 */
class AdaptiveRateLimiterConvergenceTest {

  static final class Result {
    long sent;
    long throttled;
    long accepted;
  }

  static Result simulate(double serverRate, int burst, int clients, long latencyNanos, long durationNanos,
      long measureFromNanos, double[] rateTrace) {
    long[] now = {0};
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.builder().nanoTicker(() -> now[0]).build();
    PriorityQueue<long[]> events = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    for (int c = 0; c < clients; c++) {
      events.add(new long[] {c * 1000L, 0}); // {time, kind 0 = ready to reserve}
    }
    double tokens = burst;
    long lastRefill = 0;
    Result r = new Result();
    int traceIndex = 0;
    while (!events.isEmpty()) {
      long[] e = events.poll();
      now[0] = e[0];
      if (now[0] > durationNanos) {
        break;
      }
      if (rateTrace != null && now[0] >= traceIndex * 1_000_000_000L && traceIndex < rateTrace.length) {
        rateTrace[traceIndex++] = limiter.ratePerSecond("k");
      }
      if (e[1] == 0) {
        long wait = limiter.reserveNanos("k");
        events.add(new long[] {now[0] + wait, 1});
      } else if (e[1] == 1) {
        tokens = Math.min(burst, tokens + (now[0] - lastRefill) / 1e9 * serverRate);
        lastRefill = now[0];
        boolean ok = tokens >= 1;
        if (ok) {
          tokens -= 1;
        }
        events.add(new long[] {now[0] + latencyNanos, ok ? 2 : 3});
      } else {
        boolean throttled = e[1] == 3;
        limiter.onResponse("k", throttled);
        if (now[0] >= measureFromNanos) {
          r.sent++;
          if (throttled) {
            r.throttled++;
          } else {
            r.accepted++;
          }
        }
        events.add(new long[] {now[0], 0});
      }
    }
    return r;
  }

  @Test
  void coldStartThrottle_rateNeverCollapsesToMinimum() {
    double[] trace = new double[10];
    simulate(100, 10, 16, 5_000_000L, 10_000_000_000L, 0, trace);

    for (int second = 1; second < trace.length; second++) {
      assertThat(trace[second]).as("rate at %d s", second).isBetween(50.0, 130.0);
    }
  }

  @Test
  void steadyServerLimit_afterWarmup_fewThrottlesAndNearLimitGoodput() {
    Result r = simulate(100, 10, 16, 5_000_000L, 60_000_000_000L, 5_000_000_000L, null);
    double throttleRatio = (double) r.throttled / r.sent;
    double goodput = r.accepted / 55.0;

    assertThat(throttleRatio).isLessThan(0.02);
    assertThat(goodput).isGreaterThan(90).isLessThan(101);
  }
}
