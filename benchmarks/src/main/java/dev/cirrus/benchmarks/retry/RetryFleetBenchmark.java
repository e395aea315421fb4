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
 * A fleet against one throttled table: {@code clients} independent SDK clients (each its own HTTP client and retry
 * strategy: for {@code mode=cirrus} its own {@code RetryPolicy}, {@code RetryBudget} and
 * {@code AdaptiveRateLimiter}, none aware of the others), each with {@code threads} threads calling DynamoDB
 * {@code PutItem} in a loop for {@code seconds} through one fault proxy that admits {@code serverRate} requests per
 * second in all (burst 5) and throttles the rest with DynamoDB's error. {@code sdkAdaptive} and {@code sdkStandard}
 * are the SDK's {@code AwsRetryStrategy} modes, one strategy per client. Real threads, real time: the
 * deterministic counterpart, with DynamoDB's 300 s burst, a late joiner and a halved capacity, is the fleet
 * simulation in the retry module's tests.
 *
 * <p>Secondary results: {@code goodputPerSecond} (all clients), {@code throttledPercent}, {@code p99Millis},
 * {@code failedCalls}, {@code jain} (Jain's fairness index of the clients' successful calls).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RetryFleet -f 1 -p seconds=5 -rf json -rff fleet.json
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class RetryFleetBenchmark {

  @Param({"cirrus", "sdkAdaptive", "sdkStandard"})
  public String mode;

  @Param({"40"})
  public double serverRate;

  @Param({"2", "4", "16"})
  public int clients;

  @Param({"2"})
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
    public double jain;
  }

  private MotoServer server;
  private FaultProxy proxy;
  private AwsClients[] sdkClients;
  private DynamoDbClient[] ddb;
  private String table;

  @Setup(Level.Iteration)
  public void setup() {
    server = MotoServer.start();
    AwsClients direct = new AwsClients(server.endpoint());
    table = "fleet-" + mode + "-" + System.nanoTime();
    direct.dynamoDb().createTable(b -> b.tableName(table)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
            .attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    direct.close();
    proxy = FaultProxy.start(server.endpoint(), 42);
    proxy.rateLimit("DynamoDB.PutItem", serverRate, 5);
    sdkClients = new AwsClients[clients];
    ddb = new DynamoDbClient[clients];
    for (int c = 0; c < clients; c++) {
      RetryStrategy strategy = strategy(mode);
      sdkClients[c] = new AwsClients(proxy.endpoint());
      ddb[c] = sdkClients[c].dynamoDbBuilder().overrideConfiguration(o -> o.retryStrategy(strategy)).build();
    }
  }

  /** A new, unshared strategy for one client of the fleet. */
  static RetryStrategy strategy(String mode) {
    switch (mode) {
      case "cirrus":
        return CirrusRetryStrategy.create(RetryPolicy.builder().rateLimiter(AdaptiveRateLimiter.create())
            .budget(RetryBudget.create()).build());
      case "sdkAdaptive":
        return AwsRetryStrategy.adaptiveRetryStrategy();
      case "sdkStandard":
        return AwsRetryStrategy.standardRetryStrategy();
      default:
        throw new IllegalArgumentException("mode " + mode);
    }
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws Exception {
    for (int c = 0; c < clients; c++) {
      ddb[c].close();
      sdkClients[c].close();
    }
    proxy.close();
    server.close();
  }

  @Benchmark
  public void fleet(Figures figures) throws InterruptedException {
    int workers = clients * threads;
    long[] okPerClient = new long[clients];
    AtomicLong failed = new AtomicLong();
    long runNanos = TimeUnit.SECONDS.toNanos(seconds);
    long[][] latencies = new long[workers][];
    int[] counts = new int[workers];
    CountDownLatch done = new CountDownLatch(workers);
    long start = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      DynamoDbClient client = ddb[w % clients];
      latencies[w] = new long[100_000];
      new Thread(() -> {
        try {
          while (System.nanoTime() - start < runNanos && counts[worker] < latencies[worker].length) {
            long begin = System.nanoTime();
            String pk = worker + "-" + begin;
            try {
              client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk))));
              latencies[worker][counts[worker]++] = System.nanoTime() - begin;
            } catch (RuntimeException e) {
              failed.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      }, "fleet-" + w).start();
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long ok = 0;
    for (int w = 0; w < workers; w++) {
      okPerClient[w % clients] += counts[w];
      ok += counts[w];
    }
    long[] all = java.util.stream.IntStream.range(0, workers)
        .mapToObj(w -> Arrays.stream(latencies[w], 0, counts[w])).flatMapToLong(x -> x).sorted().toArray();
    long requests = proxy.count("DynamoDB.PutItem");
    figures.goodputPerSecond = ok / elapsed;
    figures.throttledPercent = requests == 0 ? 0 : 100.0 * proxy.count("DynamoDB.PutItem", Outcome.RATE_LIMITED)
        / requests;
    figures.p99Millis = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
    figures.failedCalls = failed.get();
    figures.jain = jain(okPerClient);
  }

  /** Jain's fairness index: (sum x)^2 / (n sum x^2), 1 when every client got the same. */
  static double jain(long[] x) {
    double sum = 0;
    double squares = 0;
    for (long v : x) {
      sum += v;
      squares += (double) v * v;
    }
    return squares == 0 ? 0 : sum * sum / (x.length * squares);
  }
}
