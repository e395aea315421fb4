package dev.cirrus.retry.fleet;

import java.util.Arrays;
import java.util.Locale;

/**
 * The figures of one {@link FleetSimulation} run, counted per client per simulated second (by the time the answer
 * reaches the client). Not thread-safe.
 */
final class FleetResult {
  private final FleetSimulation.Scenario s;
  private final long[][] ok;
  private final long[][] throttled;
  private final long[] failed;
  private final int warmup;
  private long[] latencies = new long[1 << 12];
  private int latencyCount;

  FleetResult(FleetSimulation.Scenario s) {
    this.warmup = s.warmupSeconds();
    this.s = s;
    this.ok = new long[s.clients()][s.seconds()];
    this.throttled = new long[s.clients()][s.seconds()];
    this.failed = new long[s.clients()];
  }

  FleetSimulation.Scenario scenario() {
    return s;
  }

  void success(int client, long now, long latencyNanos) {
    int sec = (int) (now / 1_000_000_000L);
    ok[client][sec]++;
    if (sec >= warmup) {
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencyCount * 2);
      }
      latencies[latencyCount++] = latencyNanos;
    }
  }

  void throttled(int client, long now) {
    throttled[client][(int) (now / 1_000_000_000L)]++;
  }

  void failed(int client, long now) {
    failed[client]++;
  }

  /** The server's provisioned rate during second {@code sec}. */
  double rateAt(int sec) {
    return s.halveSecond() > 0 && sec >= s.halveSecond() ? s.rate() / 2 : s.rate();
  }

  private long sum(long[][] counts, int client, int from, int to) {
    long n = 0;
    for (int c = 0; c < s.clients(); c++) {
      if (client < 0 || client == c) {
        for (int sec = from; sec < to; sec++) {
          n += counts[c][sec];
        }
      }
    }
    return n;
  }

  /** Successful calls over the run after warm-up divided by what the server provisioned over it. */
  double goodputRatio() {
    double provisioned = 0;
    for (int sec = warmup; sec < s.seconds(); sec++) {
      provisioned += rateAt(sec);
    }
    return sum(ok, -1, warmup, s.seconds()) / provisioned;
  }

  /** Successful calls per second after warm-up, all clients. */
  double goodputPerSecond() {
    return sum(ok, -1, warmup, s.seconds()) / (double) (s.seconds() - warmup);
  }

  /** Throttled requests in percent of all requests, all clients, seconds {@code [from, to)}. */
  double throttledPercent(int from, int to) {
    long t = sum(throttled, -1, from, to);
    long all = t + sum(ok, -1, from, to);
    return all == 0 ? 0 : 100.0 * t / all;
  }

  /** Throttled percent after warm-up. */
  double throttledPercent() {
    return throttledPercent(warmup, s.seconds());
  }

  /** Calls that gave up, all clients, whole run. */
  long failedCalls() {
    return Arrays.stream(failed).sum();
  }

  /** The 99th percentile latency of successful calls after warm-up, milliseconds. */
  double p99Millis() {
    if (latencyCount == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    return sorted[Math.min(latencyCount - 1, (int) (latencyCount * 0.99))] / 1e6;
  }

  /** Jain's fairness index of the clients' goodput over seconds {@code [from, to)}: 1 is perfectly fair. */
  double jain(int from, int to) {
    double total = 0;
    double squares = 0;
    for (int c = 0; c < s.clients(); c++) {
      double x = sum(ok, c, from, to);
      total += x;
      squares += x * x;
    }
    return squares == 0 ? 0 : total * total / (s.clients() * squares);
  }

  /** Jain's index while every client runs and the capacity is whole (10 s after a late join, before a halving). */
  double jain() {
    int from = Math.max(warmup, s.lateJoinSecond() + 10);
    int to = s.halveSecond() > 0 ? s.halveSecond() : s.seconds();
    return from < to ? jain(from, to) : jain(warmup, s.seconds());
  }

  /**
   * Seconds from the late client's start to the end of its first second with at least 0.8 of its fair share
   * (the provisioned rate over the clients); NaN without a late join, infinite if never.
   */
  double lateJoinSeconds() {
    if (s.lateJoinSecond() <= 0) {
      return Double.NaN;
    }
    int late = s.clients() - 1;
    for (int sec = s.lateJoinSecond(); sec < s.seconds(); sec++) {
      if (ok[late][sec] >= 0.8 * rateAt(sec) / s.clients()) {
        return sec + 1 - s.lateJoinSecond();
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * Seconds from the halving of capacity to the start of the first second from which every second to the run's
   * end has under 5% of requests throttled; NaN without a halving.
   */
  double recoverySeconds() {
    if (s.halveSecond() <= 0) {
      return Double.NaN;
    }
    int good = s.seconds();
    for (int sec = s.seconds() - 1; sec >= s.halveSecond() && throttledPercent(sec, sec + 1) < 5; sec--) {
      good = sec;
    }
    return good - s.halveSecond();
  }

  /** Client {@code c}'s successful calls in second {@code sec}. */
  long ok(int c, int sec) {
    return ok[c][sec];
  }

  /** Client {@code c}'s throttled requests in second {@code sec}. */
  long throttledCount(int c, int sec) {
    return throttled[c][sec];
  }

  /** Per-second lines: for each client its successful and throttled requests. */
  String trace() {
    StringBuilder sb = new StringBuilder();
    for (int sec = 0; sec < s.seconds(); sec++) {
      sb.append(String.format(Locale.ROOT, "%3d", sec));
      for (int c = 0; c < s.clients(); c++) {
        sb.append(String.format(Locale.ROOT, " %4d/%-4d", ok[c][sec], throttled[c][sec]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** One summary line. */
  String summary() {
    return String.format(Locale.ROOT, "%-22s N=%-2d goodput %6.1f/s (%.3f x) throttled %5.2f%% failed %3d "
        + "p99 %6.0f ms jain %.3f late %4.0f s recover %4.0f s", s.kind(), s.clients(), goodputPerSecond(),
        goodputRatio(), throttledPercent(), failedCalls(), p99Millis(), jain(), lateJoinSeconds(),
        recoverySeconds());
  }
}
