package dev.cirrus.crypto.keystore.internal;

import dev.cirrus.dynamo.TableDefinitionCheck;
import dev.cirrus.dynamo.TableDefinitionReport;
import dev.cirrus.retry.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Creates and checks the key store table: partition key {@code branch-key-id} (S), sort key {@code type} (S). */
public final class KeyStoreTable {
  private KeyStoreTable() {}

  /** The CreateTable request of the MPL's schema; provisioned when {@code throughput} is not null. */
  public static CreateTableRequest createRequest(String tableName, ProvisionedThroughput throughput) {
    CreateTableRequest.Builder b = CreateTableRequest.builder()
        .tableName(tableName)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName(BranchKeyItems.BRANCH_KEY_ID)
                .attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName(BranchKeyItems.TYPE)
                .attributeType(ScalarAttributeType.S).build())
        .keySchema(
            KeySchemaElement.builder().attributeName(BranchKeyItems.BRANCH_KEY_ID).keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName(BranchKeyItems.TYPE).keyType(KeyType.RANGE).build());
    if (throughput == null) {
      b.billingMode(BillingMode.PAY_PER_REQUEST);
    } else {
      b.billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput);
    }
    return b.build();
  }

  /** Creates the table unless it exists, waits until it is active, then verifies it. */
  public static void create(DynamoDbClient dynamo, RetryPolicy retry, String tableName,
      ProvisionedThroughput throughput) {
    CreateTableRequest request = createRequest(tableName, throughput);
    TableDefinitionReport report = TableDefinitionCheck.check(request);
    if (!report.valid()) {
      throw new IllegalArgumentException("invalid key store table definition for " + tableName + ": "
          + report.errors());
    }
    try {
      retry.toBuilder().idempotent(false).build().call(tableName, () -> dynamo.createTable(request));
    } catch (ResourceInUseException e) {
      // Exists already (or is being created): verified below.
    }
    retry.call(tableName, () -> dynamo.waiter().waitUntilTableExists(r -> r.tableName(tableName)));
    verify(dynamo, retry, tableName);
  }

  /**
   * Checks that the table exists with the key store's key schema.
   *
   * @throws IllegalStateException naming the table and what differs
   */
  public static void verify(DynamoDbClient dynamo, RetryPolicy retry, String tableName) {
    TableDescription table;
    try {
      table = retry.call(tableName, () -> dynamo.describeTable(r -> r.tableName(tableName))).table();
    } catch (ResourceNotFoundException e) {
      throw new IllegalStateException("key store table " + tableName + " does not exist", e);
    }
    Map<String, String> keys = new TreeMap<>();
    for (KeySchemaElement k : table.keySchema()) {
      keys.put(k.attributeName(), k.keyTypeAsString());
    }
    Map<String, String> types = new TreeMap<>();
    for (AttributeDefinition a : table.attributeDefinitions()) {
      types.put(a.attributeName(), a.attributeTypeAsString());
    }
    Map<String, String> expected = Map.of(BranchKeyItems.BRANCH_KEY_ID, "HASH", BranchKeyItems.TYPE, "RANGE");
    boolean typed = List.of(BranchKeyItems.BRANCH_KEY_ID, BranchKeyItems.TYPE).stream()
        .allMatch(n -> "S".equals(types.get(n)));
    if (!keys.equals(expected) || !typed) {
      throw new IllegalStateException("table " + tableName + " is not a key store table: key schema " + keys
          + " with types " + types + ", expected partition key branch-key-id (S) and sort key type (S)");
    }
  }
}
