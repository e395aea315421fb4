package dev.cirrus.dynamo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.dynamo.BatchWriteIncompleteException;
import dev.cirrus.dynamo.BatchWriteResult;
import dev.cirrus.dynamo.BatchWriter;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

class BatchWriteExampleTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  @Test
  void writeOrders_thirtyPercentThrottled_everyItemWrittenOnce() {
    String table = AWS.uniqueName("orders");
    AWS.dynamoDb().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.BatchWriteItem", 0.3, Fault.throttle());
    DynamoDbClient client = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build());

    BatchWriteResult result = BatchWriteExample.writeOrders(client, table, 10_000);

    int stored = AWS.dynamoDb().scanPaginator(b -> b.tableName(table).select(Select.COUNT)).stream()
        .mapToInt(page -> page.count()).sum();
    assertThat(result.operationsWritten()).isEqualTo(10_000);
    assertThat(stored).isEqualTo(10_000);
    assertThat(proxy.count("DynamoDB.BatchWriteItem", Outcome.ERROR_INJECTED)).isPositive();
  }

  @Test
  void builder_defaultAttemptsPerBatch_10AsTheGuideSays() {
    BatchWriter writer = BatchWriter.builder().client(AWS.dynamoDb()).tableName("orders")
        .keySchema(ItemValidator.forTable("pk")).build();

    assertThat(writer.maxAttemptsPerBatch()).isEqualTo(10);
  }

  @Test
  void writeOrders_everyRequestThrottled_reportsEveryOrderAsNotWritten() {
    String table = AWS.uniqueName("orders");
    AWS.dynamoDb().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.BatchWriteItem", 1.0, Fault.throttle());
    DynamoDbClient client = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build());

    assertThatThrownBy(() -> BatchWriteExample.writeOrders(client, table, 30))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("30 orders not written")
        .cause().isInstanceOfSatisfying(BatchWriteIncompleteException.class,
            e -> assertThat(e.unprocessedOperations()).hasSize(30));
    // 30 operations are 2 batches (25 + 5), each sent maxAttemptsPerBatch = 12 times
    assertThat(proxy.count("DynamoDB.BatchWriteItem")).isEqualTo(24);
    assertThat(AWS.dynamoDb().scan(b -> b.tableName(table).select(Select.COUNT)).count()).isZero();
  }
}
