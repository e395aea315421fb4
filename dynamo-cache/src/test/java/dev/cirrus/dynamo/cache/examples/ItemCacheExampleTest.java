package dev.cirrus.dynamo.cache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.dynamo.cache.DynamoDbItemCache;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class ItemCacheExampleTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  @Test
  void rename_throughTheCache_readsTheNewNameWithoutAnotherGetItem() {
    String table = AWS.uniqueName("users");
    AWS.dynamoDb().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    AWS.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("u1"),
        "name", AttributeValue.fromS("Ada"))));
    FaultProxy proxy = AWS.proxy();
    DynamoDbClient client = AWS.clients(proxy).dynamoDb();
    DynamoDbItemCache users = ItemCacheExample.cache(client, table);

    assertThat(ItemCacheExample.rename(users, "u1", "Grace")).isEqualTo("Ada -> Grace (hits=1, loads=1)");
    assertThat(proxy.count("DynamoDB.GetItem")).isEqualTo(1);
  }
}
