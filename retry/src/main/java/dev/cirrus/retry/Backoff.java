package dev.cirrus.retry;

import dev.cirrus.retry.internal.Durations;
import dev.cirrus.retry.internal.StandardBackoff;
import dev.cirrus.retry.internal.StandardBackoff.Mode;
import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before a retry, as a pure function of the attempt that failed, the previous delay and a
 * random value.
 *
 * <p>The formulas are the ones from "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015), with
 * {@code n = attempt - 1} (so the first retry waits about {@code base}) and {@code r} the random value:
 * <table>
 *   <caption>Delay formulas</caption>
 *   <tr><th>Factory</th><th>Delay</th></tr>
 *   <tr><td>{@link #none()}</td><td>0</td></tr>
 *   <tr><td>{@link #fixed(Duration)}</td><td>{@code delay}</td></tr>
 *   <tr><td>{@link #exponential(Duration, Duration)}</td><td>{@code e = min(cap, base * 2^n)}</td></tr>
 *   <tr><td>{@link #fullJitter(Duration, Duration)}</td><td>{@code floor(r * e)}</td></tr>
 *   <tr><td>{@link #equalJitter(Duration, Duration)}</td><td>{@code e/2 + floor(r * (e - e/2))}</td></tr>
 *   <tr><td>{@link #decorrelatedJitter(Duration, Duration)}</td>
 *       <td>{@code min(cap, base + floor(r * (3 * max(prev, base) - base)))}</td></tr>
 * </table>
 * All arithmetic is in nanoseconds and saturates instead of overflowing, so any attempt number (even
 * {@link Integer#MAX_VALUE}) gives a delay in {@code [0, cap]}.
 *
 * <p>Implementations are immutable and thread-safe. Callers supply the randomness, so a test can pass exact
 * values and assert an exact table.
 */
@FunctionalInterface
public interface Backoff {

  /**
   * Returns the delay in nanoseconds before the next attempt.
   *
   * @param attempt the number of the attempt that just failed, 1 for the first call
   * @param previousDelayNanos the delay returned for the previous retry of this call, 0 before the first retry
   *     (only decorrelated jitter uses it)
   * @param random a uniformly distributed value in {@code [0.0, 1.0)}
   * @return the delay in nanoseconds, never negative
   * @throws IllegalArgumentException if {@code attempt < 1} or {@code random} is outside {@code [0.0, 1.0)}
   */
  long delayNanos(int attempt, long previousDelayNanos, double random);

  /**
   * Returns the delay before the next attempt as a {@link Duration}; see {@link #delayNanos}.
   *
   * @param attempt the number of the attempt that just failed, 1 for the first call
   * @param previousDelay the delay returned for the previous retry of this call, zero before the first retry
   * @param random a uniformly distributed value in {@code [0.0, 1.0)}
   * @return the delay, never negative
   * @throws IllegalArgumentException if {@code attempt < 1} or {@code random} is outside {@code [0.0, 1.0)}
   * @throws NullPointerException if {@code previousDelay} is null
   */
  default Duration delay(int attempt, Duration previousDelay, double random) {
    Objects.requireNonNull(previousDelay, "previousDelay");
    return Duration.ofNanos(delayNanos(attempt, Durations.toNanosSaturated(previousDelay), random));
  }

  /**
   * Returns a backoff that retries immediately.
   *
   * @return a backoff that retries immediately
   */
  static Backoff none() {
    return new StandardBackoff(Mode.NONE, 0L, 0L);
  }

  /**
   * Returns a backoff that always waits {@code delay}.
   *
   * @param delay the delay before every retry
   * @return a backoff that always waits {@code delay}
   * @throws IllegalArgumentException if {@code delay} is zero or negative
   * @throws NullPointerException if {@code delay} is null
   */
  static Backoff fixed(Duration delay) {
    long nanos = Durations.requirePositive("delay", delay);
    return new StandardBackoff(Mode.FIXED, nanos, nanos);
  }

  /**
   * Returns exponential backoff without jitter: {@code min(cap, base * 2^(attempt-1))}. Use only when a
   * single caller retries; concurrent callers retry in lockstep (see the simulator figures in the guide).
   *
   * @param base the delay of the first retry (before jitter)
   * @param cap the longest delay
   * @return exponential backoff without jitter
   * @throws IllegalArgumentException if {@code base} is zero or negative, or {@code cap < base}
   * @throws NullPointerException if an argument is null
   */
  static Backoff exponential(Duration base, Duration cap) {
    return create(Mode.EXPONENTIAL, base, cap);
  }

  /**
   * Returns "full jitter": a uniform delay in {@code [0, min(cap, base * 2^(attempt-1)))}. The recommended
   * default for contended resources: fewest calls and earliest completion in the blog's simulation.
   *
   * @param base the delay of the first retry (before jitter)
   * @param cap the longest delay
   * @return "full jitter"
   * @throws IllegalArgumentException if {@code base} is zero or negative, or {@code cap < base}
   * @throws NullPointerException if an argument is null
   */
  static Backoff fullJitter(Duration base, Duration cap) {
    return create(Mode.FULL_JITTER, base, cap);
  }

  /**
   * Returns "equal jitter": half the exponential delay plus a uniform random half. Never retries
   * immediately, at the cost of more total waiting than full jitter.
   *
   * @param base the delay of the first retry (before jitter)
   * @param cap the longest delay
   * @return "equal jitter"
   * @throws IllegalArgumentException if {@code base} is zero or negative, or {@code cap < base}
   * @throws NullPointerException if an argument is null
   */
  static Backoff equalJitter(Duration base, Duration cap) {
    return create(Mode.EQUAL_JITTER, base, cap);
  }

  /**
   * Returns "decorrelated jitter": {@code min(cap, uniform(base, 3 * previous))}, which grows from the
   * previous delay rather than from the attempt number. Always at least {@code base}.
   *
   * @param base the delay of the first retry (before jitter)
   * @param cap the longest delay
   * @return "decorrelated jitter"
   * @throws IllegalArgumentException if {@code base} is zero or negative, or {@code cap < base}
   * @throws NullPointerException if an argument is null
   */
  static Backoff decorrelatedJitter(Duration base, Duration cap) {
    return create(Mode.DECORRELATED_JITTER, base, cap);
  }

  private static Backoff create(Mode mode, Duration base, Duration cap) {
    long baseNanos = Durations.requirePositive("base", base);
    Objects.requireNonNull(cap, "cap");
    long capNanos = Durations.toNanosSaturated(cap);
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("cap must be at least base (" + base + "), was " + cap);
    }
    return new StandardBackoff(mode, baseNanos, capNanos);
  }
}
