package dev.cirrus.dynamo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cirrus.dynamo.CapacityPlan;
import dev.cirrus.testsupport.LocalAws;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoExamplesExampleTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  @Test
  void itemSize_workedExample_67Bytes() {
    assertThat(DynamoExamples.itemSize()).isEqualTo(67);
  }

  @Test
  void plan_walkThrough_numbersInGuide() {
    CapacityPlan p = DynamoExamples.plan();
    assertThat(p.readUnitsPerSecond()).isEqualTo(350.0);
    assertThat(p.writeUnitsPerSecond()).isCloseTo(660.0, within(1e-9));
    assertThat(p.provisionedRcu()).isEqualTo(500);
    assertThat(p.provisionedWcu()).isEqualTo(943);
    assertThat(p.indexes().get(0).provisionedRcu()).isEqualTo(143);
    assertThat(p.indexes().get(0).provisionedWcu()).isEqualTo(286);
    assertThat(p.provisionedMonthlyUsd()).isCloseTo(644.18, within(0.01));
    assertThat(p.onDemandMonthlyUsd()).isCloseTo(1560.38, within(0.01));
    assertThat(p.historicalPartitionEstimate()).isEqualTo(2);
    assertThat(p.onDemandIsCheaper()).isFalse();
  }

  @Test
  void shardedOrders_writeThenScatterGather_inSortKeyOrder() {
    String table = AWS.uniqueName("ex");
    AWS.dynamoDb().createTable(r -> r.tableName(table)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    assertThat(DynamoExamples.shardedOrders(AWS.dynamoDb(), AWS.dynamoDbAsync(), table))
        .containsExactlyElementsOf(IntStream.range(0, 60).mapToObj(Integer::toString).toList());
  }
}
