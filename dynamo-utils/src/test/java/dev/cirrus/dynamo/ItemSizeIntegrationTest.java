package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.LocalAws;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The item-size boundary against moto 5.2.1.
 *
 * <p>moto's limit differs from DynamoDB's documented one: moto rejects an item whose size exceeds 405,000 bytes
 * (its source says the real limit is "between 409 and 410KB" and picks a value in between), while DynamoDB
 * documents 400 KB = 409,600 bytes. moto also counts numbers as their decimal text length and adds no list/map
 * overhead. For items of String attributes both count the same bytes, so this test checks that moto's boundary
 * falls exactly at 405,000 bytes of our count, and that our validator applies the documented 409,600.
 */
class ItemSizeIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final int MOTO_LIMIT_BYTES = 405_000;
  private static String table;
  private final ItemValidator validator = ItemValidator.forTable("pk");

  @BeforeAll
  static void createTable() {
    table = AWS.uniqueName("size");
    AWS.dynamoDb().createTable(r -> r.tableName(table)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
  }

  private static Map<String, AttributeValue> itemOfSize(String pk, long size) {
    long overhead = 2 + pk.length() + 4;
    return Map.of("pk", AttributeValue.fromS(pk), "data", AttributeValue.fromS("x".repeat((int) (size - overhead))));
  }

  @Test
  void putItem_motoBoundary_matchesOurCountAt405000() {
    DynamoDbClient ddb = AWS.dynamoDb();
    Map<String, AttributeValue> largest = itemOfSize("a", MOTO_LIMIT_BYTES);
    Map<String, AttributeValue> first = itemOfSize("b", MOTO_LIMIT_BYTES + 1);
    assertThat(ItemSize.itemSizeBytes(largest)).isEqualTo(MOTO_LIMIT_BYTES);
    ddb.putItem(r -> r.tableName(table).item(largest));
    assertThat(ddb.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("a")))).item()).isEqualTo(largest);
    assertThatThrownBy(() -> ddb.putItem(r -> r.tableName(table).item(first)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Item size has exceeded the maximum allowed size");
  }

  @Test
  void validateItem_documentedBoundary_409600() {
    assertThat(validator.validateItem(itemOfSize("c", 409_600))).isEqualTo(409_600);
    assertThatThrownBy(() -> validator.validateItem(itemOfSize("c", 409_601)))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("item: item size must be at most 409600 bytes, was 409601");
  }

  @Test
  void putItem_partitionKeyBoundary_motoAndValidatorAgreeAt2048() {
    DynamoDbClient ddb = AWS.dynamoDb();
    Map<String, AttributeValue> ok = Map.of("pk", AttributeValue.fromS("k".repeat(2048)));
    Map<String, AttributeValue> tooLong = Map.of("pk", AttributeValue.fromS("k".repeat(2049)));
    validator.validateItem(ok);
    ddb.putItem(r -> r.tableName(table).item(ok));
    assertThatThrownBy(() -> validator.validateItem(tooLong)).isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'pk': partition key value must be at most 2048 bytes, was 2049");
    assertThatThrownBy(() -> ddb.putItem(r -> r.tableName(table).item(tooLong)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("2048");
  }
}
