package dev.cirrus.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cirrus.dynamo.BatchGetResult;
import dev.cirrus.dynamo.BatchGetter;
import dev.cirrus.dynamo.BatchWriteResult;
import dev.cirrus.dynamo.BatchWriter;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.WriteOperation;
import dev.cirrus.retry.Backoff;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import dev.cirrus.testsupport.ProxyResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
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

/** The batch meters over real BatchWriteItem and BatchGetItem calls to moto through the fault proxy. */
class DynamoBatchMetricsIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ItemValidator KEYS = ItemValidator.forTable("pk");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static String createTable() {
    String table = AWS.uniqueName("bm");
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

  /**
   * Answers without forwarding, every element of the request unprocessed: the request's {@code RequestItems} as
   * {@code field} ({@code UnprocessedItems} or {@code UnprocessedKeys}, which have the same shape).
   */
  private static Fault allUnprocessed(String field) {
    return Fault.intercept("all-unprocessed", (request, upstream) -> {
      ObjectNode answer = JSON.createObjectNode();
      answer.set(field, JSON.readTree(request.body()).get("RequestItems"));
      byte[] out = JSON.writeValueAsBytes(answer);
      CRC32 crc = new CRC32();
      crc.update(out);
      return new ProxyResponse(200, "OK", List.of(Map.entry("Content-Type", "application/x-amz-json-1.0"),
          Map.entry("x-amzn-RequestId", "cirrus-test"), Map.entry("x-amz-crc32", Long.toString(crc.getValue()))), out);
    });
  }

  private double counter(String meter, String table, String operation, String... tags) {
    return registry.get(meter).tags("name", "orders", "table", table, "operation", operation).tags(tags)
        .functionCounter().count();
  }

  private static List<WriteOperation> puts(int n) {
    List<WriteOperation> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ops.add(WriteOperation.put(Map.of("pk", AttributeValue.fromS("k" + i), "pad", AttributeValue.fromS("x".repeat(
          1500)))));
    }
    return ops;
  }

  @Test
  void dynamoListener_unprocessedThenThrottledThenWritten_countsEqualTheProxysRequests() {
    String table = createTable();
    FaultProxy proxy = AWS.proxy(41);
    proxy.injectSequence("DynamoDB.BatchWriteItem", allUnprocessed("UnprocessedItems"), Fault.throttle());
    DynamoBatchMetrics metrics = CirrusMetrics.dynamoListener(registry, "orders");
    BatchWriter writer = BatchWriter.builder().client(noRetryClient(proxy)).tableName(table).keySchema(KEYS)
        .backoff(Backoff.fixed(Duration.ofMillis(1))).maxParallelRequests(1).listener(metrics).build();

    BatchWriteResult result = writer.write(puts(30));

    assertThat(result.operationsWritten()).isEqualTo(30);
    assertThat(counter("cirrus.dynamo.batch.requests", table, "write", "outcome", "answered")
        + counter("cirrus.dynamo.batch.requests", table, "write", "outcome", "failed"))
        .as(proxy.counts().toString()).isEqualTo(proxy.count("DynamoDB.BatchWriteItem")).isEqualTo(result.requests());
    assertThat(counter("cirrus.dynamo.batch.requests", table, "write", "outcome", "failed"))
        .isEqualTo(proxy.count("DynamoDB.BatchWriteItem", Outcome.ERROR_INJECTED)).isEqualTo(1);
    // The first batch (25 puts) came back unprocessed, then was throttled whole, then written: resent twice.
    assertThat(counter("cirrus.dynamo.batch.unprocessed", table, "write")).isEqualTo(25);
    assertThat(counter("cirrus.dynamo.batch.resent", table, "write")).isEqualTo(50);
    assertThat(counter("cirrus.dynamo.capacity.consumed", table, "write", "source", "reported"))
        .isEqualTo(result.consumedCapacityUnits());
    // Each item of about 1.5 KB is 2 write units.
    assertThat(counter("cirrus.dynamo.capacity.consumed", table, "write", "source", "computed")).isEqualTo(60);
  }

  @Test
  void dynamoListener_getWithUnprocessedKeys_countsEqualTheProxysRequests() {
    String table = createTable();
    BatchWriter.builder().client(AWS.dynamoDb()).tableName(table).keySchema(KEYS).build().write(puts(10));
    FaultProxy proxy = AWS.proxy(42);
    proxy.injectSequence("DynamoDB.BatchGetItem", allUnprocessed("UnprocessedKeys"));
    DynamoBatchMetrics metrics = CirrusMetrics.dynamoListener(registry, "orders");
    BatchGetter getter = BatchGetter.builder().client(noRetryClient(proxy)).tableName(table).keySchema(KEYS)
        .backoff(Backoff.fixed(Duration.ofMillis(1))).consistentRead(true).listener(metrics).build();
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      keys.add(Map.of("pk", AttributeValue.fromS("k" + i)));
    }

    BatchGetResult result = getter.get(keys);

    assertThat(result.items()).hasSize(10);
    assertThat(result.missingKeys()).hasSize(2);
    assertThat(counter("cirrus.dynamo.batch.requests", table, "get", "outcome", "answered"))
        .isEqualTo(proxy.count("DynamoDB.BatchGetItem")).isEqualTo(2);
    assertThat(counter("cirrus.dynamo.batch.unprocessed", table, "get")).isEqualTo(12);
    assertThat(counter("cirrus.dynamo.batch.resent", table, "get")).isEqualTo(12);
    // Strongly consistent: 1 unit per item found (under 4 KB) and 1 per key found missing.
    assertThat(counter("cirrus.dynamo.capacity.consumed", table, "get", "source", "computed")).isEqualTo(12);
    assertThat(counter("cirrus.dynamo.capacity.consumed", table, "get", "source", "reported"))
        .isEqualTo(result.consumedCapacityUnits());
    assertThat(registry.find("cirrus.dynamo.batch.requests").tags("operation", "write").meters()).isEmpty();
  }
}
