package dev.cirrus.benchmarks.retry;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.retry.sdk.CirrusRetryStrategy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.MotoServer;
import dev.cirrus.testsupport.Outcome;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Overload against a server-side rate limit: {@code threads} threads call DynamoDB {@code PutItem} in a loop
 * for {@code seconds} through the fault proxy, which accepts {@code serverRate} requests per second (burst 5)
 * and answers the rest with DynamoDB's throttling error; moto serves the accepted ones.
 *
 * <p>{@code mode=cirrus}: {@code CirrusRetryStrategy} with default policy plus a shared
 * {@code AdaptiveRateLimiter} and {@code RetryBudget}. {@code sdkAdaptive}: the SDK's
 * {@code AwsRetryStrategy.adaptiveRetryStrategy()}. {@code sdkStandard}: {@code
 * AwsRetryStrategy.standardRetryStrategy()} (SDK 2.57.8 defaults; the SDK's own default is legacy mode). Each
 * invocation is one whole run (single shot); the figures are reported as secondary results:
 * {@code goodputPerSecond} (successful calls / s), {@code throttledPercent} (share of requests the proxy
 * throttled), {@code p99Millis} (99th percentile latency of successful calls), {@code failedCalls}.
 *
 * <p>Recorded run (alone on the machine; about 1 minute; needs moto like the tests):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.retry.RetryOverloadBenchmark' \
 *     -p seconds=10 -rf json -rff benchmarks/target/jmh-retry-overload.json
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class RetryOverloadBenchmark {

  @Param({"cirrus", "sdkAdaptive", "sdkStandard"})
  public String mode;

  @Param({"40"})
  public double serverRate;

  @Param({"8"})
  public int threads;

  @Param({"3"})
  public int seconds;

  /** The figures of the run, reported by JMH as secondary results. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Figures {
    public double goodputPerSecond;
    public double throttledPercent;
    public double p99Millis;
    public double failedCalls;
  }

  private MotoServer server;
  private FaultProxy proxy;
  private AwsClients clients;
  private DynamoDbClient ddb;
  private String table;

  @Setup(Level.Iteration)
  public void setup() {
    server = MotoServer.start();
    AwsClients direct = new AwsClients(server.endpoint());
    table = "overload-" + mode + "-" + System.nanoTime();
    direct.dynamoDb().createTable(b -> b.tableName(table)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    direct.close();
    proxy = FaultProxy.start(server.endpoint(), 42);
    proxy.rateLimit("DynamoDB.PutItem", serverRate, 5);
    RetryStrategy strategy;
    switch (mode) {
      case "cirrus":
        strategy = CirrusRetryStrategy.create(RetryPolicy.builder().rateLimiter(AdaptiveRateLimiter.create())
            .budget(RetryBudget.create()).build());
        break;
      case "sdkAdaptive":
        strategy = AwsRetryStrategy.adaptiveRetryStrategy();
        break;
      case "sdkStandard":
        strategy = AwsRetryStrategy.standardRetryStrategy();
        break;
      default:
        throw new IllegalArgumentException("mode " + mode);
    }
    clients = new AwsClients(proxy.endpoint());
    ddb = clients.dynamoDbBuilder().overrideConfiguration(o -> o.retryStrategy(strategy)).build();
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws Exception {
    ddb.close();
    clients.close();
    proxy.close();
    server.close();
  }

  @Benchmark
  public void overload(Figures figures) throws InterruptedException {
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long runNanos = TimeUnit.SECONDS.toNanos(seconds);
    long[][] latencies = new long[threads][];
    int[] counts = new int[threads];
    CountDownLatch done = new CountDownLatch(threads);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      latencies[t] = new long[200_000];
      new Thread(() -> {
        try {
          while (System.nanoTime() - start < runNanos && counts[thread] < latencies[thread].length) {
            long begin = System.nanoTime();
            String pk = thread + "-" + begin;
            try {
              ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk))));
              latencies[thread][counts[thread]++] = System.nanoTime() - begin;
              ok.incrementAndGet();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      }, "overload-" + t).start();
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = java.util.stream.IntStream.range(0, threads)
        .mapToObj(t -> Arrays.stream(latencies[t], 0, counts[t])).flatMapToLong(s -> s).sorted().toArray();
    long requests = proxy.count("DynamoDB.PutItem");
    figures.goodputPerSecond = ok.get() / elapsed;
    figures.throttledPercent = requests == 0 ? 0 : 100.0 * proxy.count("DynamoDB.PutItem", Outcome.RATE_LIMITED)
        / requests;
    figures.p99Millis = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
    figures.failedCalls = failed.get();
  }
}
