package dev.cirrus.dynamo.examples;

import dev.cirrus.dynamo.BatchWriteResult;
import dev.cirrus.dynamo.BatchWriter;
import dev.cirrus.dynamo.CapacityPlan;
import dev.cirrus.dynamo.CapacityPlanner;
import dev.cirrus.dynamo.ItemSize;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.MergeOrder;
import dev.cirrus.dynamo.PriceTable;
import dev.cirrus.dynamo.ReadConsistency;
import dev.cirrus.dynamo.ScatterGatherCursor;
import dev.cirrus.dynamo.ScatterGatherPage;
import dev.cirrus.dynamo.ScatterGatherQuery;
import dev.cirrus.dynamo.Workload;
import dev.cirrus.dynamo.WriteOperation;
import dev.cirrus.dynamo.WriteSharding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The code shown in docs/guides/dynamo.md; each method is run by {@code DynamoExamplesExampleTest}. */
public final class DynamoExamples {
  private DynamoExamples() {
  }

  /** Section 1: the worked item-size example; returns the item size (67 bytes). */
  public static long itemSize() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("CUSTOMER#4711"));
    item.put("total", AttributeValue.fromN("1234.56"));
    item.put("tags", AttributeValue.fromSs(List.of("a", "bb")));
    item.put("address", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("München"))));
    item.put("lines", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromBool(true))));
    return ItemSize.itemSizeBytes(item);
  }

  /** Section 3: the planner walk-through. */
  public static CapacityPlan plan() {
    Workload w = Workload.builder()
        .itemSizeBytes(3000)
        .readsPerSecond(ReadConsistency.EVENTUAL, 500)
        .readsPerSecond(ReadConsistency.STRONG, 100)
        .writesPerSecond(200)
        .transactionalWriteShare(0.1)
        .addGlobalIndex(new Workload.GlobalIndexLoad("byStatus", 300, 200, 1.0))
        .build();
    return CapacityPlanner.plan(w, 0.7, PriceTable.usEast1(), CapacityPlanner.DEFAULT_TABLE_QUOTA_UNITS);
  }

  /**
   * Sections 4 and 5: write a day's orders under 10 calculated write shards with a {@link BatchWriter}, then
   * read them back in sort-key order with a {@link ScatterGatherQuery}. The table has {@code pk} (S) and
   * {@code sk} (N). Returns the sort keys in the order read.
   */
  public static List<String> shardedOrders(DynamoDbClient client, DynamoDbAsyncClient asyncClient, String table) {
    WriteSharding sharding = WriteSharding.calculated(10);
    List<WriteOperation> ops = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String orderId = "order-" + i;
      ops.add(WriteOperation.put(Map.of(
          "pk", AttributeValue.fromS(sharding.writeKey("2026-11-26", orderId)),
          "sk", AttributeValue.fromN(Integer.toString(i)),
          "orderId", AttributeValue.fromS(orderId))));
    }
    BatchWriter writer = BatchWriter.builder()
        .client(client).tableName(table).keySchema(ItemValidator.forTable("pk", "sk"))
        .build();
    BatchWriteResult written = writer.write(ops);
    if (written.operationsWritten() != ops.size()) {
      throw new IllegalStateException("unexpected " + written);
    }

    ScatterGatherQuery query = ScatterGatherQuery.builder()
        .client(asyncClient).tableName(table)
        .partitionKeyName("pk").sortKeyName("sk")
        .sharding(sharding).order(MergeOrder.ASCENDING)
        .build();
    List<String> sortKeys = new ArrayList<>();
    ScatterGatherCursor cursor = query.start();
    do {
      ScatterGatherPage page = query.query("2026-11-26", 25, cursor).join();
      page.items().forEach(item -> sortKeys.add(item.get("sk").n()));
      cursor = page.cursor().orElse(null);
    } while (cursor != null);
    return sortKeys;
  }
}
