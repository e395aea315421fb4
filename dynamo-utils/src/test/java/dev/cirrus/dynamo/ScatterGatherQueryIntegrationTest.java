package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class ScatterGatherQueryIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final int ITEMS = 240;
  private static final WriteSharding SHARDING = WriteSharding.calculated(8);
  private static String table;

  @BeforeAll
  static void createAndFill() {
    table = AWS.uniqueName("sg");
    AWS.dynamoDb().createTable(r -> r.tableName(table)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    for (int i = 0; i < ITEMS; i++) {
      String id = "order-" + i;
      Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(SHARDING.writeKey("2026-11-26", id)),
          "sk", AttributeValue.fromN(Integer.toString(i)), "id", AttributeValue.fromS(id));
      AWS.dynamoDb().putItem(r -> r.tableName(table).item(item));
    }
  }

  private ScatterGatherQuery.Builder base(MergeOrder order) {
    return ScatterGatherQuery.builder().client(AWS.dynamoDbAsync()).tableName(table).partitionKeyName("pk")
        .sortKeyName("sk").sharding(SHARDING).order(order);
  }

  private static List<Integer> readAll(ScatterGatherQuery q, int limit, List<Integer> pageSizes) {
    List<Integer> sks = new ArrayList<>();
    ScatterGatherCursor cursor = q.start();
    while (cursor != null) {
      ScatterGatherPage page = q.query("2026-11-26", limit, cursor).join();
      pageSizes.add(page.items().size());
      page.items().forEach(item -> sks.add(Integer.parseInt(item.get("sk").n())));
      cursor = page.cursor().orElse(null);
    }
    return sks;
  }

  @Test
  void query_ascending_kWayMergeAcrossPages_exactOrder() {
    List<Integer> sizes = new ArrayList<>();
    List<Integer> sks = readAll(base(MergeOrder.ASCENDING).build(), 25, sizes);
    assertThat(sks).containsExactlyElementsOf(IntStream.range(0, ITEMS).boxed().toList());
    assertThat(sizes.subList(0, sizes.size() - 1)).allMatch(s -> s == 25);
  }

  @Test
  void query_descending_exactReverseOrder() {
    List<Integer> sks = readAll(base(MergeOrder.DESCENDING).build(), 37, new ArrayList<>());
    assertThat(sks).containsExactlyElementsOf(IntStream.range(0, ITEMS).map(i -> ITEMS - 1 - i).boxed().toList());
  }

  @Test
  void query_unordered_everyItemOnce() {
    List<Integer> sks = readAll(base(MergeOrder.UNORDERED).build(), 50, new ArrayList<>());
    assertThat(sks).hasSize(ITEMS).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, ITEMS).boxed().collect(Collectors.toList()));
  }

  @Test
  void query_sortKeyCondition_limitsRangeAndReportsCapacity() {
    ScatterGatherQuery q = base(MergeOrder.ASCENDING).sortKeyCondition("#sk BETWEEN :lo AND :hi")
        .expressionAttributeNames(Map.of("#sk", "sk"))
        .expressionAttributeValues(Map.of(":lo", AttributeValue.fromN("100"), ":hi", AttributeValue.fromN("109")))
        .build();
    ScatterGatherPage page = q.query("2026-11-26", 100, q.start()).join();
    assertThat(page.items()).extracting(i -> Integer.parseInt(i.get("sk").n()))
        .containsExactly(100, 101, 102, 103, 104, 105, 106, 107, 108, 109);
    assertThat(page.cursor()).isEmpty();
    assertThat(page.requests()).isEqualTo(8);
    assertThat(page.consumedCapacityUnits()).isPositive();
  }

  @Test
  void keyFor_knownItem_singleGetItem() {
    String pk = SHARDING.keyFor("2026-11-26", "order-17");
    Map<String, AttributeValue> item = AWS.dynamoDb().getItem(r -> r.tableName(table)
        .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN("17")))).item();
    assertThat(item.get("id").s()).isEqualTo("order-17");
  }

  @Test
  void query_badLimit_rejected() {
    ScatterGatherQuery q = base(MergeOrder.UNORDERED).build();
    assertThatThrownBy(() -> q.query("x", 0, q.start()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be >= 1, was 0");
    assertThatThrownBy(() -> base(MergeOrder.ASCENDING).sortKeyName("sk").indexName("gsi").build())
        .isInstanceOf(IllegalStateException.class).hasMessage("index queries need keyAttributes (index key and table key)");
  }
}
