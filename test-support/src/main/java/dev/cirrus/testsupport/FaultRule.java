package dev.cirrus.testsupport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One rule of a {@link FaultProxy}: an operation pattern, a count of the matching requests seen so far, and
 * the decision whether the n-th of them gets a fault. Also holds the pattern matching and the seeded
 * schedule the rules share.
 */
abstract class FaultRule {
  final String pattern;
  final AtomicLong seen = new AtomicLong();

  FaultRule(String pattern) {
    this.pattern = pattern;
  }

  /** The fault for the n-th matching request (counted from 0), or null to let the next rule decide. */
  abstract Fault decide(ProxyRequest request, long n);

  /** Whether the faults of this rule count as {@link Outcome#RATE_LIMITED} rather than injected errors. */
  boolean rateLimit() {
    return false;
  }

  /** Whether {@code pattern} ({@code "Service.Operation"}, {@code "Service.*"} or {@code "*"}) covers the operation. */
  static boolean matches(String pattern, String operation) {
    if (pattern.equals("*") || pattern.equals(operation)) {
      return true;
    }
    return pattern.endsWith(".*") && operation.startsWith(pattern.substring(0, pattern.length() - 1));
  }

  /** A uniform value in [0, 1) from (seed, rule, n): SplitMix64's finaliser over the three. */
  static double unit(long seed, int rule, long n) {
    long z = seed + 0x9E3779B97F4A7C15L * (rule + 1) + 0xBF58476D1CE4E5B9L * (n + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  /** A token bucket on the wall clock: the proxy plays a real server, which lives in real time. */
  static final class Bucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long last = System.nanoTime();

    Bucket(double perSecond, int burst) {
      this.ratePerNano = perSecond / 1e9;
      this.capacity = burst;
      this.tokens = burst;
    }

    synchronized boolean tryTake() {
      long now = System.nanoTime();
      tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
