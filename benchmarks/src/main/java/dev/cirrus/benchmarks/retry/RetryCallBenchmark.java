package dev.cirrus.benchmarks.retry;

import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryPolicy;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
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
 * The no-failure path: one call of a trivial {@code Callable} (returns a counter) that succeeds first time,
 * through each retry library, so the score is each library's fixed overhead (target for Cirrus: at most
 * 100 ns over {@code direct}).
 *
 * <p>{@code impl=direct}: {@code callable.call()}. {@code cirrus}: {@code RetryPolicy.call} with 3 attempts
 * and full jitter (no budget, no limiter). {@code cirrusBudget}: the same with a shared {@code RetryBudget}
 * (a success refunds 1 token: one CAS). {@code resilience4j}: {@code Retry.decorateCallable} with 3 attempts,
 * 50 ms wait, decorated once in setup. {@code failsafe}: {@code Failsafe.with(RetryPolicy).call} with 3
 * attempts, 50 ms delay, executor built once in setup.
 *
 * <p>Recorded run (alone on the machine):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.retry.RetryCallBenchmark' \
 *     -f 1 -wi 5 -w 1s -i 5 -r 1s -prof gc -rf json -rff benchmarks/target/jmh-retry-call.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RetryCallBenchmark {

  @Param({"direct", "cirrus", "cirrusBudget", "resilience4j", "failsafe"})
  public String impl;

  private long counter;
  private Callable<Long> callable;
  private Callable<Long> run;

  @Setup
  public void setup() {
    callable = () -> ++counter;
    switch (impl) {
      case "direct":
        run = callable;
        break;
      case "cirrus": {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).build();
        run = () -> policy.call(callable);
        break;
      }
      case "cirrusBudget": {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).budget(RetryBudget.create()).build();
        run = () -> policy.call(callable);
        break;
      }
      case "resilience4j": {
        Retry retry = Retry.of("bench", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(50))
            .build());
        run = Retry.decorateCallable(retry, callable);
        break;
      }
      case "failsafe": {
        FailsafeExecutor<Long> executor = Failsafe.with(dev.failsafe.RetryPolicy.<Long>builder().withMaxAttempts(3)
            .withDelay(Duration.ofMillis(50)).build());
        run = () -> executor.get(callable::call);
        break;
      }
      default:
        throw new IllegalArgumentException("impl " + impl);
    }
  }

  @Benchmark
  public Long call() throws Exception {
    return run.call();
  }
}
