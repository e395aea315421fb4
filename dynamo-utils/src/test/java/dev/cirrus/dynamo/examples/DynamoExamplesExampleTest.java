package dev.cirrus.dynamo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.cirrus.dynamo.CapacityEstimate;
import dev.cirrus.dynamo.CapacityPlan;
import dev.cirrus.dynamo.HotKeyAdvice;
import dev.cirrus.dynamo.InvalidItemException;
import dev.cirrus.dynamo.ItemSize;
import dev.cirrus.dynamo.ItemViolation;
import dev.cirrus.dynamo.TableThroughput;
import dev.cirrus.testsupport.LocalAws;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoExamplesExampleTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  @Test
  void itemSize_workedExample_67BytesBilled167And215() {
    DynamoExamples.ItemSizes sizes = DynamoExamples.itemSize();

    assertThat(sizes.item()).isEqualTo(67);
    assertThat(sizes.billed()).isEqualTo(167);
    assertThat(sizes.billedGlobal()).isEqualTo(215);
  }

  @Test
  void workedExampleItem_eachAttribute_sizeInTheGuideComment() {
    Map<String, AttributeValue> item = DynamoExamples.workedExampleItem();
    Map<String, Long> sizes = new LinkedHashMap<>();
    item.forEach((name, value) -> sizes.put(name, ItemSize.attributeSizeBytes(name, value)));

    assertThat(sizes).containsExactly(entry("pk", 15L), entry("total", 9L), entry("tags", 7L),
        entry("address", 23L), entry("lines", 13L));
    assertThat(ItemSize.numberSizeBytes("1234.56")).isEqualTo(4);
    assertThat(ItemSize.utf8Bytes("München")).isEqualTo(8);
  }

  @Test
  void validate_validItem_returnsItsSize() {
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("CUSTOMER#4711"),
        "sk", AttributeValue.fromS("ORDER#1"));

    assertThat(DynamoExamples.validate(item)).isEqualTo(2 + 13 + 2 + 7);
  }

  @Test
  void validate_numberWith39Digits_messageOfTheGuide() {
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("CUSTOMER#4711"),
        "sk", AttributeValue.fromS("ORDER#1"),
        "payload", AttributeValue.fromM(Map.of("parts", AttributeValue.fromL(List.of(
            AttributeValue.fromN("1"), AttributeValue.fromN("2"), AttributeValue.fromN("3"),
            AttributeValue.fromN("123456789012345678901234567890123456789"))))));

    assertThatThrownBy(() -> DynamoExamples.validate(item))
        .isInstanceOfSatisfying(InvalidItemException.class, e -> {
          assertThat(e.attributePath()).isEqualTo("payload.parts[3]");
          assertThat(e.violation()).isEqualTo(ItemViolation.NUMBER_TOO_PRECISE);
        })
        .hasMessage("attribute 'payload.parts[3]': number has 39 significant digits, at most 38 allowed");
  }

  @Test
  void capacityRules_unitsAndRulesInTheGuide() {
    List<CapacityEstimate> e = DynamoExamples.capacityRules();

    assertThat(e.get(0).readUnits()).isEqualTo(2.0);
    assertThat(e.get(0).rule()).isEqualTo("Query: 10 items, 15000 bytes summed then rounded up to 4 KB = 4 units x 0.5"
        + " (eventually consistent)");
    assertThat(e.get(1).readUnits()).isEqualTo(5.0);
    assertThat(e.get(1).rule()).isEqualTo("BatchGetItem: 10 items each rounded up to 4 KB = 10 units x 0.5"
        + " (eventually consistent)");
    assertThat(e.get(2).writeUnits()).isEqualTo(5.0);
    assertThat(e.get(2).rule()).isEqualTo("UpdateItem: larger of old (5000) and new (200) item = 5000 bytes rounded up"
        + " to 1 KB = 5 units x 1.0 (standard)");
    assertThat(e.get(3).writeUnits()).isEqualTo(3.0);
    assertThat(e.get(3).rule()).isEqualTo("GSI write: index key value changes, 2 writes (delete 500 + put 1500"
        + " projected bytes, each rounded up to 1 KB) = 3 units");
  }

  @Test
  void plan_walkThrough_numbersInGuide() {
    CapacityPlan p = DynamoExamples.plan();
    assertThat(p.readUnitsPerSecond()).isEqualTo(350.0);
    assertThat(p.writeUnitsPerSecond()).isCloseTo(660.0, within(1e-9));
    assertThat(p.provisionedRcu()).isEqualTo(500);
    assertThat(p.provisionedWcu()).isEqualTo(943);
    assertThat(p.indexes().get(0).name()).isEqualTo("byStatus");
    assertThat(p.indexes().get(0).readUnitsPerSecond()).isEqualTo(100.0);
    assertThat(p.indexes().get(0).writeUnitsPerSecond()).isEqualTo(200.0);
    assertThat(p.indexes().get(0).provisionedRcu()).isEqualTo(143);
    assertThat(p.indexes().get(0).provisionedWcu()).isEqualTo(286);
    assertThat(p.onDemandReadRequestUnitsPerMonth()).isCloseTo(450.0 * 2_628_000, within(1e-3));
    assertThat(p.onDemandWriteRequestUnitsPerMonth()).isCloseTo(860.0 * 2_628_000, within(1e-3));
    assertThat(p.provisionedMonthlyUsd()).isCloseTo(644.18, within(0.01));
    assertThat(p.onDemandMonthlyUsd()).isCloseTo(1560.38, within(0.01));
    assertThat(p.historicalPartitionEstimate()).isEqualTo(2);
    assertThat(p.onDemandIsCheaper()).isFalse();
    assertThat(p.indexes().get(0).recommendedWcu()).isEqualTo(943);
    assertThat(p.warnings()).containsExactly("index byStatus needs 286 WCU for its own writes, below the table's 943"
        + " WCU: a throttled global secondary index throttles writes to the table, so AWS recommends at least the"
        + " table's write capacity (recommendedWcu 943)");
  }

  @Test
  void maxThroughput_plannedUnits_1000ReadsAnd314Writes() {
    TableThroughput t = DynamoExamples.maxThroughput();

    assertThat(t.readItemsPerSecond()).isEqualTo(1000.0);
    assertThat(Math.round(t.readKilobytesPerSecond())).isEqualTo(2930);
    assertThat(Math.floor(t.writeItemsPerSecond())).isEqualTo(314.0);
  }

  @Test
  void hotKey_2500WritesOf900Bytes_fourShardsAndTheExplanation() {
    HotKeyAdvice a = DynamoExamples.hotKey();

    assertThat(a.recommendedWriteShards()).isEqualTo(4);
    assertThat(a.readsExceedPartition()).isFalse();
    assertThat(a.explanation()).isEqualTo("2500.0 writes/s x 1 WCU (900 bytes rounded up to 1 KB) = 2500.0 WCU/s"
        + " against 800.0 WCU/s per shard (1000 x 0.8) -> 4 write shards; reads need 50.0 RCU/s of 3000 per"
        + " partition");
  }

  @Test
  void shardKeys_calculated_sameShardForWriteAndReadAndTenKeys() {
    DynamoExamples.ShardKeys keys = DynamoExamples.shardKeys("order-42");

    assertThat(keys.allKeys()).containsExactlyElementsOf(
        IntStream.range(0, 10).mapToObj(i -> "2026-11-26#" + i).toList());
    assertThat(keys.writeKey()).isEqualTo(keys.readKey()).isIn(keys.allKeys());
    assertThat(DynamoExamples.shardKeys("order-42").writeKey()).isEqualTo(keys.writeKey());
  }

  @Test
  void shardedOrders_writeThenScatterGatherARange_inSortKeyOrderOver3Pages() {
    String table = AWS.uniqueName("ex");
    AWS.dynamoDb().createTable(r -> r.tableName(table)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));

    DynamoExamples.ShardedRead read = DynamoExamples.shardedOrders(AWS.dynamoDb(), AWS.dynamoDbAsync(), table, 250,
        20, 229);

    assertThat(read.sortKeys()).containsExactlyElementsOf(IntStream.rangeClosed(20, 229).mapToObj(Integer::toString).toList());
    assertThat(read.pages()).isEqualTo(3);
  }
}
