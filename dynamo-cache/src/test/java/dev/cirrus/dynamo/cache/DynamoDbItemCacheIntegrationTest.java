package dev.cirrus.dynamo.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.dynamo.BatchWriter;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.WriteOperation;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

class DynamoDbItemCacheIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final ItemValidator KEYS = ItemValidator.forTable("pk");
  private static final int KEY_COUNT = 100;
  private static String table;

  private final ExecutorService pool = Executors.newFixedThreadPool(64);

  @BeforeAll
  static void fill() {
    table = AWS.uniqueName("ic");
    AWS.dynamoDb().createTable(r -> r.tableName(table)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    List<WriteOperation> ops = new ArrayList<>();
    for (int i = 0; i < KEY_COUNT; i++) {
      ops.add(WriteOperation.put(Map.of("pk", AttributeValue.fromS("k" + i), "v", AttributeValue.fromN("0"))));
    }
    BatchWriter.builder().client(AWS.dynamoDb()).tableName(table).keySchema(KEYS).build().write(ops);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk));
  }

  private static DynamoDbClient noRetryClient(FaultProxy proxy) {
    return AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
  }

  private static DynamoDbItemCacheBuilder cache(DynamoDbClient client) {
    return DynamoDbItemCache.builder(client).tableName(table).ttl(Duration.ofMinutes(10));
  }

  @Test
  void fourThreads_writeAndReadSameHundredKeys_noReadOlderThanTheThreadsLastAcknowledgedWrite() throws Exception {
    DynamoDbItemCache cache = cache(AWS.dynamoDb()).keySchema(KEYS).build();
    List<Future<Integer>> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long seed = 1000 + t;
      threads.add(pool.submit(() -> readAndWrite(cache, new Random(seed), 250)));
    }

    int checkedReads = 0;
    for (Future<Integer> f : threads) {
      checkedReads += f.get(120, TimeUnit.SECONDS);
    }

    assertThat(checkedReads).isGreaterThan(400);
    assertThat(cache.stats().hits()).isPositive();
  }

  /** Returns how many reads it checked; fails on the first read older than this thread's last write to the key. */
  private static int readAndWrite(DynamoDbItemCache cache, Random random, int ops) {
    long[] acknowledged = new long[KEY_COUNT];
    int reads = 0;
    for (int op = 0; op < ops; op++) {
      int k = random.nextInt(KEY_COUNT);
      int action = random.nextInt(10);
      if (action < 3) {
        ReturnValue rv = action == 0 ? ReturnValue.ALL_NEW : action == 1 ? ReturnValue.UPDATED_NEW : ReturnValue.NONE;
        UpdateItemResponse r = cache.updateItem(u -> u.tableName(table).key(key("k" + k))
            .updateExpression("ADD v :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
            .returnValues(rv == ReturnValue.NONE ? ReturnValue.UPDATED_NEW : rv));
        acknowledged[k] = Long.parseLong(r.attributes().get("v").n());
      } else if (action < 9) {
        long v = Long.parseLong(cache.getItem(key("k" + k)).orElseThrow().get("v").n());
        assertThat(v).as("read of k%d", k).isGreaterThanOrEqualTo(acknowledged[k]);
        reads++;
      } else {
        int j = random.nextInt(KEY_COUNT);
        for (Map<String, AttributeValue> item : cache.batchGetItem(List.of(key("k" + k), key("k" + j)))) {
          int i = Integer.parseInt(item.get("pk").s().substring(1));
          assertThat(Long.parseLong(item.get("v").n())).as("batch read of k%d", i).isGreaterThanOrEqualTo(acknowledged[i]);
          reads++;
        }
      }
    }
    return reads;
  }

  @Test
  void getItem_64ConcurrentMissesOfAColdKey_oneGetItemAtTheProxy() throws Exception {
    FaultProxy proxy = AWS.proxy();
    DynamoDbClient client = noRetryClient(proxy);
    DynamoDbItemCache cache = cache(client).keySchema(KEYS).build();
    proxy.inject("DynamoDB.GetItem", 1.0, Fault.latency(Duration.ofMillis(300)));
    CyclicBarrier start = new CyclicBarrier(64);
    List<Callable<Map<String, AttributeValue>>> gets = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      gets.add(() -> {
        start.await(30, TimeUnit.SECONDS);
        return cache.getItem(key("k7")).orElseThrow();
      });
    }

    List<Future<Map<String, AttributeValue>>> results = pool.invokeAll(gets, 60, TimeUnit.SECONDS);

    for (Future<Map<String, AttributeValue>> r : results) {
      assertThat(r.get().get("pk").s()).isEqualTo("k7");
    }
    assertThat(proxy.count("DynamoDB.GetItem")).isEqualTo(1);
    assertThat(cache.stats().loads()).isEqualTo(1);
    assertThat(cache.stats().misses()).isGreaterThan(1);
    assertThat(cache.stats().hits() + cache.stats().misses()).isEqualTo(64);
  }

  @Test
  void getItem_loadFailsWithServerError_notCachedAndTheNextGetRetries() {
    FaultProxy proxy = AWS.proxy();
    DynamoDbItemCache cache = cache(noRetryClient(proxy)).keySchema(KEYS).build();
    proxy.injectSequence("DynamoDB.GetItem", Fault.serverError());

    assertThatThrownBy(() -> cache.getItem(key("k8")))
        .isInstanceOf(ItemCacheLoadException.class)
        .hasMessageStartingWith("GetItem on table " + table + " failed; nothing was cached: ")
        .cause().isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThat(cache.getItem(key("k8"))).isPresent();

    assertThat(proxy.count("DynamoDB.GetItem")).isEqualTo(2);
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
  }

  @Test
  void getItem_throttledTwice_loadRetriedByTheRetryPolicy() {
    FaultProxy proxy = AWS.proxy();
    RetryPolicy retry = RetryPolicy.builder().maxAttempts(4).backoff(Backoff.none()).sleeper(n -> { }).build();
    DynamoDbItemCache cache = cache(noRetryClient(proxy)).keySchema(KEYS).loadRetryPolicy(retry).build();
    proxy.injectSequence("DynamoDB.GetItem", Fault.dynamoDbProvisionedThroughputExceeded(),
        Fault.dynamoDbThrottling());

    assertThat(cache.getItem(key("k9"))).isPresent();

    assertThat(proxy.count("DynamoDB.GetItem")).isEqualTo(3);
    assertThat(cache.stats().loads()).isEqualTo(1);
    assertThat(cache.stats().loadFailures()).isZero();
  }

  @Test
  void getItem_dynamoDbDown_clearExceptionAndUnexpiredEntriesStillServed() {
    FaultProxy proxy = AWS.proxy();
    DynamoDbItemCache cache = cache(noRetryClient(proxy)).build();
    cache.getItem(key("k10"));
    cache.batchGetItem(List.of(key("k11"), key("k12")));
    proxy.inject("DynamoDB.*", 1.0, Fault.connectionReset());

    assertThat(cache.getItem(key("k10"))).isPresent();
    assertThat(cache.batchGetItem(List.of(key("k11"), key("k12")))).hasSize(2);
    assertThatThrownBy(() -> cache.getItem(key("k13")))
        .isInstanceOf(ItemCacheLoadException.class)
        .hasMessageStartingWith("GetItem on table " + table + " failed; nothing was cached: ")
        .hasCauseInstanceOf(SdkClientException.class);
  }

  @Test
  void getItem_stronglyConsistent_sentToDynamoDbEveryTime() {
    FaultProxy proxy = AWS.proxy();
    DynamoDbItemCache cache = cache(noRetryClient(proxy)).keySchema(KEYS).build();

    for (int i = 0; i < 3; i++) {
      assertThat(cache.getItem(r -> r.tableName(table).key(key("k15")).consistentRead(true)).hasItem()).isTrue();
    }

    assertThat(proxy.count("DynamoDB.GetItem")).isEqualTo(3);
    assertThat(cache.stats().passThroughs()).isEqualTo(3);
  }
}
