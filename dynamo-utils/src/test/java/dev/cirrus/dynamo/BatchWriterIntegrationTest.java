package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.Backoff;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class BatchWriterIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final ItemValidator KEYS = ItemValidator.forTable("pk");

  private static String createTable() {
    String table = AWS.uniqueName("bw");
    AWS.dynamoDb().createTable(r -> r.tableName(table)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    return table;
  }

  private static DynamoDbClient noRetryClient(FaultProxy proxy) {
    return AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
  }

  private static BatchWriter.Builder writer(DynamoDbClient client, String table) {
    return BatchWriter.builder().client(client).tableName(table).keySchema(KEYS)
        .backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5))).maxParallelRequests(4);
  }

  private static WriteOperation put(String pk, int v) {
    return WriteOperation.put(Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromN(Integer.toString(v)),
        "pad", AttributeValue.fromS("x".repeat(100))));
  }

  private static Set<String> scanKeys(String table) {
    Set<String> keys = new HashSet<>();
    List<String> all = new ArrayList<>();
    AWS.dynamoDb().scanPaginator(r -> r.tableName(table)).items().forEach(i -> all.add(i.get("pk").s()));
    keys.addAll(all);
    assertThat(all).as("no item scanned twice").hasSameSizeAs(keys);
    return keys;
  }

  @Test
  void write_10000ItemsWithThrottlingAndPartialUnprocessed_everyItemExactlyOnce() {
    String table = createTable();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.BatchWriteItem", 0.3, Fault.throttle());
    proxy.inject("DynamoDB.BatchWriteItem", 0.5, PartialBatchFault.half());
    List<WriteOperation> ops = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ops.add(put("item-" + i, i));
      expected.add("item-" + i);
    }
    BatchWriteResult result = writer(noRetryClient(proxy), table).maxAttemptsPerBatch(40).build().write(ops);

    assertThat(result.operationsWritten()).isEqualTo(10_000);
    assertThat(result.operationsSuperseded()).isZero();
    assertThat(result.resends()).isPositive();
    assertThat(proxy.count("DynamoDB.BatchWriteItem", Outcome.ERROR_INJECTED)).isPositive();
    assertThat(proxy.count("DynamoDB.BatchWriteItem", Outcome.INTERCEPTED)).isPositive();
    assertThat(result.requests()).isEqualTo(proxy.count("DynamoDB.BatchWriteItem"));
    assertThat(AWS.dynamoDb().scan(r -> r.tableName(table).select("COUNT")).count()).isPositive();
    assertThat(scanKeys(table)).isEqualTo(expected);
  }

  @Test
  void write_permanentlyUnprocessedKeys_exceptionListsExactlyThem() {
    String table = createTable();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.BatchWriteItem", 1.0, PartialBatchFault.poison("pk", "poison"));
    List<WriteOperation> ops = new ArrayList<>();
    List<WriteOperation> poisoned = new ArrayList<>();
    Set<String> good = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      WriteOperation op = put(i % 40 == 7 ? "poison-" + i : "ok-" + i, i);
      ops.add(op);
      if (i % 40 == 7) {
        poisoned.add(op);
      } else {
        good.add("ok-" + i);
      }
    }
    WriteOperation poisonDelete = WriteOperation.delete(Map.of("pk", AttributeValue.fromS("poison-delete")));
    ops.add(poisonDelete);
    poisoned.add(poisonDelete);
    BatchWriter w = writer(noRetryClient(proxy), table).maxAttemptsPerBatch(4).build();

    assertThatThrownBy(() -> w.write(ops))
        .isInstanceOfSatisfying(BatchWriteIncompleteException.class, e -> {
          assertThat(e.unprocessedOperations()).containsExactlyInAnyOrderElementsOf(poisoned);
          assertThat(e.partialResult().operationsWritten()).isEqualTo(97);
          assertThat(e.getCause()).isNull();
        })
        .hasMessage("4 of 101 write operations to table " + table
            + " were not written (still unprocessed after the last attempt)");
    assertThat(scanKeys(table)).isEqualTo(good);
  }

  @Test
  void write_missingTable_notRetriedAndEverythingReported() {
    List<WriteOperation> ops = List.of(put("a", 1), put("b", 2));
    BatchWriter w = writer(AWS.dynamoDb(), "no-such-table-" + System.nanoTime()).build();
    assertThatThrownBy(() -> w.write(ops))
        .isInstanceOfSatisfying(BatchWriteIncompleteException.class, e -> {
          assertThat(e.unprocessedOperations()).containsExactlyInAnyOrderElementsOf(ops);
          assertThat(e.partialResult().requests()).isEqualTo(1);
        })
        .hasCauseInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void write_putsAndDeletesOfSameKey_lastWins() {
    String table = createTable();
    BatchWriter w = writer(AWS.dynamoDb(), table).build();
    w.write(List.of(put("keep", 1), put("gone", 2)));
    BatchWriteResult r = w.write(List.of(put("keep", 5), WriteOperation.delete(Map.of("pk", AttributeValue.fromS("gone"))),
        put("keep", 6), put("gone", 7), WriteOperation.delete(Map.of("pk", AttributeValue.fromS("gone")))));
    assertThat(r.operationsWritten()).isEqualTo(2);
    assertThat(r.operationsSuperseded()).isEqualTo(3);
    assertThat(scanKeys(table)).containsExactly("keep");
    assertThat(AWS.dynamoDb().getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("keep"))))
        .item().get("v").n()).isEqualTo("6");
  }
}
