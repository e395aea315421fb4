package dev.cirrus.benchmarks.retry;

import dev.cirrus.retry.RetryBudget;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One retry's worth of budget traffic: {@code tryAcquire(5)} then {@code release(5)} on one shared
 * {@link RetryBudget} (capacity 500), uncontended (1 thread) and contended (2 threads on the same bucket;
 * the score is the per-operation time seen by each thread).
 *
 * <p>Recorded run (alone on the machine):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.retry.RetryBudgetBenchmark' \
 *     -f 1 -wi 5 -w 1s -i 5 -r 1s -rf json -rff benchmarks/target/jmh-retry-budget.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RetryBudgetBenchmark {

  private final RetryBudget budget = RetryBudget.create();

  @Benchmark
  @Threads(1)
  public boolean acquireRelease_1thread() {
    boolean took = budget.tryAcquire(5);
    if (took) {
      budget.release(5);
    }
    return took;
  }

  @Benchmark
  @Threads(2)
  public boolean acquireRelease_2threads() {
    boolean took = budget.tryAcquire(5);
    if (took) {
      budget.release(5);
    }
    return took;
  }
}
