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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class BatchGetterIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final ItemValidator KEYS = ItemValidator.forTable("pk");
  private static String table;

  @BeforeAll
  static void fill() {
    table = AWS.uniqueName("bg");
    AWS.dynamoDb().createTable(r -> r.tableName(table)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    List<WriteOperation> ops = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ops.add(WriteOperation.put(Map.of("pk", AttributeValue.fromS("k" + i), "v", AttributeValue.fromN(Integer.toString(i)))));
    }
    BatchWriter.builder().client(AWS.dynamoDb()).tableName(table).keySchema(KEYS).build().write(ops);
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk));
  }

  private static DynamoDbClient noRetryClient(FaultProxy proxy) {
    return AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
  }

  @Test
  void get_throttledAndPartial_everyKeyFoundOrMissing() {
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.BatchGetItem", 0.3, Fault.throttle());
    proxy.inject("DynamoDB.BatchGetItem", 0.5, PartialBatchFault.halfKeys());
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 550; i++) {
      keys.add(key("k" + i));
    }
    keys.add(key("k3"));
    BatchGetResult r = BatchGetter.builder().client(noRetryClient(proxy)).tableName(table).keySchema(KEYS)
        .backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5))).maxAttemptsPerBatch(40).build()
        .get(keys);
    assertThat(r.items()).hasSize(500);
    assertThat(r.items()).extracting(i -> i.get("pk").s()).doesNotHaveDuplicates();
    assertThat(r.missingKeys()).hasSize(50).allMatch(k -> Integer.parseInt(k.get("pk").s().substring(1)) >= 500);
    assertThat(r.resends()).isPositive();
    assertThat(proxy.count("DynamoDB.BatchGetItem", Outcome.INTERCEPTED)).isPositive();
    assertThat(proxy.count("DynamoDB.BatchGetItem", Outcome.ERROR_INJECTED)).isPositive();
  }

  @Test
  void get_alwaysThrottled_exceptionCarriesUnreadKeys() {
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.BatchGetItem", 1.0, Fault.throttle());
    List<Map<String, AttributeValue>> keys = List.of(key("k1"), key("k2"));
    BatchGetter g = BatchGetter.builder().client(noRetryClient(proxy)).tableName(table).keySchema(KEYS)
        .backoff(Backoff.none()).maxAttemptsPerBatch(3).build();
    assertThatThrownBy(() -> g.get(keys))
        .isInstanceOfSatisfying(BatchGetIncompleteException.class, e -> {
          assertThat(e.unprocessedKeys()).containsExactlyInAnyOrderElementsOf(keys);
          assertThat(e.partialResult().requests()).isEqualTo(3);
          assertThat(e.partialResult().missingKeys()).isEmpty();
        })
        .hasMessageStartingWith("2 keys of table " + table + " were not read: ");
    assertThat(proxy.count("DynamoDB.BatchGetItem")).isEqualTo(3);
  }

  @Test
  void get_emptyStringKey_rejectedBeforeSending() {
    BatchGetter g = BatchGetter.builder().client(AWS.dynamoDb()).tableName(table).keySchema(KEYS).build();
    assertThatThrownBy(() -> g.get(List.of(key("k1"), key(""))))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'pk': partition key value must not be empty (String and Binary key values need at least 1 byte)");
  }
}
