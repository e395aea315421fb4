package dev.cirrus.retry.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * N threads drive PutItem as fast as they can against a proxy that accepts {@value #SERVER_RATE} requests per
 * second (burst {@value #BURST}) and answers the rest with DynamoDB's own throttling error. Compared modes:
 * Cirrus (adaptive limiter + budget), the SDK's {@code AdaptiveRetryStrategy} ("adaptive v2" mode) and the
 * SDK's {@code StandardRetryStrategy} ("standard" mode), each with its SDK defaults (2.57.8).
 */
class OverloadIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  static final double SERVER_RATE = 40;
  static final int BURST = 5;
  static final int THREADS = 8;
  /**
   * Long enough for the limiter to recover from its first decrease: CUBIC needs about
   * {@code cbrt(rate * 0.3 / 0.4)} seconds (about 3 s at 40/s) to regrow to the rate that was throttled.
   */
  static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(6000);

  record Figures(String mode, double goodputPerSecond, double throttledRatio, double p99Millis, long calls,
      long failedCalls) {
    @Override
    public String toString() {
      return String.format("%-13s goodput %5.1f/s  throttled %5.1f%%  p99 %6.0f ms  requests %d  failed calls %d",
          mode, goodputPerSecond, 100 * throttledRatio, p99Millis, calls, failedCalls);
    }
  }

  static Figures run(LocalAws aws, String table, String mode, RetryStrategy strategy) throws InterruptedException {
    FaultProxy proxy = aws.proxy();
    proxy.rateLimit("DynamoDB.PutItem", SERVER_RATE, BURST);
    DynamoDbClient ddb = aws.closeAfterTest(aws.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(THREADS);
    long start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      long[] mine = new long[100_000];
      latencies.add(mine);
      new Thread(() -> {
        int n = 0;
        try {
          while (System.nanoTime() - start < RUN_NANOS) {
            long begin = System.nanoTime();
            String pk = mode + "-" + thread + "-" + n;
            try {
              ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk))));
              mine[n++] = System.nanoTime() - begin;
              ok.incrementAndGet();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
            }
          }
          mine[mine.length - 1] = n;
        } finally {
          done.countDown();
        }
      }, "overload-" + mode + "-" + t).start();
    }
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] all = latencies.stream().flatMapToLong(a -> Arrays.stream(a, 0, (int) a[a.length - 1])).sorted()
        .toArray();
    double p99 = all.length == 0 ? Double.NaN : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
    long requests = proxy.count("DynamoDB.PutItem");
    long throttled = proxy.count("DynamoDB.PutItem", Outcome.RATE_LIMITED);
    return new Figures(mode, ok.get() / seconds, requests == 0 ? 0 : (double) throttled / requests, p99, requests,
        failed.get());
  }

  /**
   * JIT, connection pools and moto's first requests, on all threads at once, so the mode measured first is not
   * penalised by a cold JVM (a slow start would fix the limiter's first decrease at a rate that is too low).
   */
  private static void warmUp(String table) throws InterruptedException {
    DynamoDbClient ddb = AWS.dynamoDb();
    CountDownLatch done = new CountDownLatch(THREADS);
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      new Thread(() -> {
        try {
          for (int i = 0; i < 10; i++) {
            String pk = "warm-" + thread + "-" + i;
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk))));
          }
        } finally {
          done.countDown();
        }
      }, "overload-warmup-" + t).start();
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void overload_cirrusAdaptive_throttlesLessThanSdkStandardMode() throws Exception {
    String table = SdkTestSupport.createTable(AWS);
    warmUp(table);
    RetryStrategy cirrus = CirrusRetryStrategy.create(RetryPolicy.builder()
        .rateLimiter(AdaptiveRateLimiter.create()).budget(RetryBudget.create()).build());

    Figures c = run(AWS, table, "cirrus", cirrus);
    Figures adaptive = run(AWS, table, "sdk-adaptive", AwsRetryStrategy.adaptiveRetryStrategy());
    Figures standard = run(AWS, table, "sdk-standard", AwsRetryStrategy.standardRetryStrategy());
    System.out.println("Overload, server accepts " + SERVER_RATE + " req/s, " + THREADS + " threads:\n  " + c
        + "\n  " + adaptive + "\n  " + standard);

    assertThat(c.throttledRatio()).isLessThan(standard.throttledRatio());
    // Relative, not absolute: moto on two shared cores sets its own ceiling. Cirrus must not buy its lower
    // throttle ratio by giving up most of the work.
    assertThat(c.goodputPerSecond()).isGreaterThan(standard.goodputPerSecond() * 0.5);
  }
}
