package dev.cirrus.benchmarks.retry;

import dev.cirrus.retry.Backoff;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One backoff delay computation per strategy ({@code Backoff.delayNanos(attempt, previous, random)}; target
 * at most 30 ns/op). Attempts cycle 1..16 and random values come from a pre-filled table, so neither the
 * random generator nor a branch-predictable constant is measured; decorrelated jitter feeds its own previous
 * delay back.
 *
 * <p>Recorded run (alone on the machine):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.retry.BackoffBenchmark' \
 *     -f 1 -wi 5 -w 1s -i 5 -r 1s -rf json -rff benchmarks/target/jmh-retry-backoff.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class BackoffBenchmark {

  @Param({"exponential", "fullJitter", "equalJitter", "decorrelatedJitter", "fixed"})
  public String strategy;

  private Backoff backoff;
  private final double[] randoms = new double[1024];
  private int i;
  private long previous;

  @Setup
  public void setup() {
    Duration base = Duration.ofMillis(50);
    Duration cap = Duration.ofSeconds(20);
    switch (strategy) {
      case "exponential": backoff = Backoff.exponential(base, cap); break;
      case "fullJitter": backoff = Backoff.fullJitter(base, cap); break;
      case "equalJitter": backoff = Backoff.equalJitter(base, cap); break;
      case "decorrelatedJitter": backoff = Backoff.decorrelatedJitter(base, cap); break;
      case "fixed": backoff = Backoff.fixed(base); break;
      default: throw new IllegalArgumentException("strategy " + strategy);
    }
    SplittableRandom rnd = new SplittableRandom(42);
    for (int k = 0; k < randoms.length; k++) {
      randoms[k] = rnd.nextDouble();
    }
  }

  @Benchmark
  public long delayNanos() {
    int k = i++;
    previous = backoff.delayNanos((k & 15) + 1, previous, randoms[k & 1023]);
    return previous;
  }
}
