package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The example shown in docs/testing.md: a throttled DynamoDB client through the fault proxy. */
class HarnessExampleTest {

  @RegisterExtension static final LocalAws AWS = new LocalAws();

  @Test
  void putItem_throttledHalfTheTime_completes() {
    String table = AWS.uniqueName("orders");
    AWS.dynamoDb().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));

    FaultProxy proxy = AWS.proxy();                              // seeded, closed after the test
    proxy.inject("DynamoDB.PutItem", 0.5, Fault.throttle());     // the n-th PutItem's fate depends on the seed only
    DynamoDbClient ddb = AWS.clients(proxy).dynamoDb();          // real client, through the proxy, SDK default retries
    int written = 0;
    for (int i = 0; i < 5; i++) {                                // the SDK's legacy mode backs off 0.5 s and more per throttle
      Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("order-" + i));
      try {
        ddb.putItem(b -> b.tableName(table).item(item));
      } catch (software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException e) {
        continue;                                                // three throttles in a row exhaust the SDK's retries
      }
      written++;
    }

    assertThat(proxy.count("DynamoDB.PutItem", Outcome.ERROR_INJECTED)).isPositive();
    assertThat(proxy.count("DynamoDB.PutItem", Outcome.FORWARDED)).isEqualTo(written);
  }
}
