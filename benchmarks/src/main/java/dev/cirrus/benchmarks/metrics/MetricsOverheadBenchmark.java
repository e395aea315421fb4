package dev.cirrus.benchmarks.metrics;

import dev.cirrus.cache.CacheListener;
import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.cache.SecretCacheBuilder;
import dev.cirrus.metrics.CirrusMetrics;
import dev.cirrus.retry.RetryListener;
import dev.cirrus.retry.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What binding Micrometer meters costs on the two hottest paths: a cache hit and a retry call that succeeds
 * first time (target: at most 20 ns more than without meters, in the same run).
 *
 * <p>{@code cacheHit}: {@code SecretCache.acquire(key, 1024)} on one hot key, read the value, close the lease.
 * {@code retryCall}: {@code RetryPolicy.call} of a {@code Callable} that returns a counter (3 attempts, no
 * budget). {@code impl=cirrus}: with meters bound to a {@code SimpleMeterRegistry} — the cache with
 * {@code CirrusMetrics.bind} and {@code cacheListener}, the policy with {@code retryListener} (untimed: a first
 * attempt that succeeds reads no clock and allocates nothing). {@code impl=timed}: as {@code cirrus}, the policy
 * with {@code timedRetryListener}, which reads the clock at the start and the success of each call.
 * {@code impl=noop}: the same components with listeners whose methods do nothing (the retry listener untimed), so
 * that {@code cirrus - noop} is the meters' own cost and {@code noop - bare} the cost of the component's listener
 * path.
 * {@code impl=bare}: the same components without listeners or meters. The listeners never touch the registry on an event
 * (they count in striped adders that the registry reads when it publishes), so the registry's kind does not
 * change the scores.
 *
 * <p>Recorded run (alone on the machine):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.metrics.MetricsOverheadBenchmark' \
 *     -f 1 -wi 5 -w 1s -i 5 -r 1s -prof gc -rf json -rff benchmarks/target/jmh-metrics.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricsOverheadBenchmark {

  @Param({"cirrus", "timed", "noop", "bare"})
  public String impl;

  private SecretCache<String, byte[]> cache;
  private RetryPolicy policy;
  private long counter;
  private Callable<Long> callable;

  @Setup
  public void setup() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    boolean measured = "cirrus".equals(impl) || "timed".equals(impl);
    SecretCacheBuilder<String, byte[]> builder = SecretCache.<String, byte[]>builder()
        .policy(CachePolicy.builder().maxAge(Duration.ofHours(1)).build());
    RetryPolicy.Builder retry = RetryPolicy.builder().maxAttempts(3);
    if (measured) {
      builder.listener(CirrusMetrics.cacheListener(registry, "bench"));
      retry.addListener("timed".equals(impl) ? CirrusMetrics.timedRetryListener(registry, "bench")
          : CirrusMetrics.retryListener(registry, "bench"));
    } else if ("noop".equals(impl)) {
      builder.listener(new CacheListener<String>() { });
      retry.addListener(new RetryListener() {
        @Override
        public boolean usesElapsedTime() {
          return false;
        }
      });
    }
    cache = builder.build(key -> new byte[32]);
    if (measured) {
      CirrusMetrics.bind(cache, registry, "bench");
    }
    policy = retry.build();
    callable = () -> ++counter;
    try (Lease<byte[]> lease = cache.acquire("hot", 1024)) {
      lease.value();
    }
  }

  @TearDown
  public void tearDown() {
    cache.close();
  }

  @Benchmark
  public int cacheHit() {
    try (Lease<byte[]> lease = cache.acquire("hot", 1024)) {
      return lease.value().length;
    }
  }

  @Benchmark
  public Long retryCall() {
    return policy.call(callable);
  }
}
