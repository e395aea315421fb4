package dev.cirrus.benchmarks.dynamo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.cache.DynamoDbItemCache;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.MotoServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Time to read one cached 1 KB item (1,024 bytes by DynamoDB's count): {@code impl=cirrus} is a hit of
 * {@link DynamoDbItemCache#getItem(Map)} (key canonicalisation, Caffeine lookup of the loaded future, hit counter);
 * {@code impl=caffeine} is the floor, a raw Caffeine {@code getIfPresent} on the same key map;
 * {@code impl=getItem} is what the cache saves: an eventually consistent GetItem of the same item from moto on
 * loopback. {@code @Setup} also prints the heap bytes per cached 1 KB item, measured over 20,000 entries loaded
 * from an in-memory client (used heap after full GCs, before and after filling the cache).
 *
 * <p>Recorded run (alone on the machine; starts moto itself):
 *
 * <pre>
 * flock /tmp/jmh.lock java -jar benchmarks/target/benchmarks.jar DynamoItemCache -f 1 -wi 3 -w 1s -i 5 -r 1s \
 *     -rf json -rff docs/results/2026-12-06-itemcache/jmh-itemcache.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DynamoItemCacheBenchmark {
  private static final int HEAP_ENTRIES = 20_000;

  @Param({"cirrus", "caffeine", "getItem"})
  public String impl;

  private MotoServer server;
  private AwsClients clients;
  private DynamoDbClient client;
  private String table;
  private DynamoDbItemCache cache;
  private Cache<Map<String, AttributeValue>, Map<String, AttributeValue>> caffeine;
  private Map<String, AttributeValue> key;
  private GetItemRequest request;

  @Setup(Level.Trial)
  public void setup() {
    key = Map.of("pk", AttributeValue.fromS("item-0001"));
    Map<String, AttributeValue> item = item("item-0001");
    if (impl.equals("getItem")) {
      server = MotoServer.start();
      clients = new AwsClients(server.endpoint());
      client = clients.dynamoDb();
      table = "bench-itemcache-" + System.nanoTime();
      client.createTable(r -> r.tableName(table)
          .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
          .billingMode(BillingMode.PAY_PER_REQUEST));
      client.putItem(r -> r.tableName(table).item(item));
      request = GetItemRequest.builder().tableName(table).key(key).build();
    } else if (impl.equals("caffeine")) {
      caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
      caffeine.put(key, item);
    } else {
      cache = cacheOf(new InMemoryClient(), 64L << 20);
      cache.getItem(key);
      System.out.printf("%nheap bytes per cached 1 KB item (%d entries): %d%n", HEAP_ENTRIES, heapBytesPerItem());
    }
  }

  private static DynamoDbItemCache cacheOf(DynamoDbClient source, long maximumWeightBytes) {
    return DynamoDbItemCache.builder(source).tableName("bench").keySchema(ItemValidator.forTable("pk"))
        .ttl(Duration.ofHours(1)).maximumWeightBytes(maximumWeightBytes).build();
  }

  /** A 1,024-byte item: "pk" + 9-byte key (11), "payload" + 1,006 ASCII characters (1,013). */
  static Map<String, AttributeValue> item(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk), "payload", AttributeValue.fromS(pk.repeat(112).substring(0, 1006)));
  }

  private static long heapBytesPerItem() {
    DynamoDbItemCache filled = cacheOf(new InMemoryClient(), 1L << 30);
    long before = usedAfterGc();
    for (int i = 0; i < HEAP_ENTRIES; i++) {
      filled.getItem(Map.of("pk", AttributeValue.fromS(String.format("item-%04d", i % 10_000) + (i / 10_000))));
    }
    long after = usedAfterGc();
    if (filled.stats().entries() != HEAP_ENTRIES) {
      throw new IllegalStateException("expected " + HEAP_ENTRIES + " entries, was " + filled.stats().entries());
    }
    return (after - before) / HEAP_ENTRIES;
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (clients != null) {
      clients.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Benchmark
  public Object read() {
    return switch (impl) {
      case "cirrus" -> cache.getItem(key);
      case "caffeine" -> caffeine.getIfPresent(key);
      default -> client.getItem(request);
    };
  }

  /** Answers every GetItem with a fresh 1 KB item, as a deserialised SDK response would be. */
  static final class InMemoryClient implements DynamoDbClient {
    @Override
    public GetItemResponse getItem(GetItemRequest request) {
      return GetItemResponse.builder().item(item(request.key().get("pk").s())).build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {
    }
  }
}
