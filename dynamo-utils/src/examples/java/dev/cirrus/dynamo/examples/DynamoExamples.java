package dev.cirrus.dynamo.examples;

import static dev.cirrus.dynamo.ReadConsistency.EVENTUAL;
import static dev.cirrus.dynamo.WriteMode.STANDARD;

import dev.cirrus.dynamo.BatchWriteResult;
import dev.cirrus.dynamo.BatchWriter;
import dev.cirrus.dynamo.CapacityCalculator;
import dev.cirrus.dynamo.CapacityEstimate;
import dev.cirrus.dynamo.CapacityPlan;
import dev.cirrus.dynamo.CapacityPlanner;
import dev.cirrus.dynamo.HotKeyAdvice;
import dev.cirrus.dynamo.ItemSize;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.MergeOrder;
import dev.cirrus.dynamo.PriceTable;
import dev.cirrus.dynamo.ReadConsistency;
import dev.cirrus.dynamo.ScatterGatherCursor;
import dev.cirrus.dynamo.ScatterGatherPage;
import dev.cirrus.dynamo.ScatterGatherQuery;
import dev.cirrus.dynamo.TableThroughput;
import dev.cirrus.dynamo.Workload;
import dev.cirrus.dynamo.WriteOperation;
import dev.cirrus.dynamo.WriteSharding;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** Section 1: the worked example's item. */
  public static Map<String, AttributeValue> workedExampleItem() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("CUSTOMER#4711"));                              //  2 + 13       = 15
    item.put("total", AttributeValue.fromN("1234.56"));                                  //  5 + 4        =  9
    item.put("tags", AttributeValue.fromSs(List.of("a", "bb")));                         //  4 + 1 + 2    =  7
    item.put("address", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("München")))); // 7 + 3 + (1+4+8) = 23
    item.put("lines", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromBool(true)))); // 5 + 3 + (1+2) + (1+1) = 13
    return item;
  }

  /** What {@link #itemSize()} computes: the item's size and its billed storage in a regional and a global table. */
  public record ItemSizes(long item, long billed, long billedGlobal) {
  }

  /** Section 1: the worked item-size example (67, 167 and 215 bytes). */
  public static ItemSizes itemSize() {
    Map<String, AttributeValue> item = workedExampleItem();
    long size = ItemSize.itemSizeBytes(item);                  // 67
    long billed = ItemSize.billedStorageBytes(item, false);    // 167
    long global = ItemSize.billedStorageBytes(item, true);     // 215 (global table)
    return new ItemSizes(size, billed, global);
  }

  /**
   * Section 1: validation against a table keyed by {@code pk} and {@code sk}; returns the item's size or
   * throws {@link dev.cirrus.dynamo.InvalidItemException}.
   */
  public static long validate(Map<String, AttributeValue> item) {
    ItemValidator v = ItemValidator.forTable("pk", "sk");
    long size = v.validateItem(item);   // or v.validateKey(key)
    return size;
  }

  /** Section 2: what each estimate says it did (its {@code rule()}). */
  public static List<CapacityEstimate> capacityRules() {
    long[] tenItems = new long[10];
    Arrays.fill(tenItems, 1500);                                        // ten 1.5 KB items
    CapacityEstimate query = CapacityCalculator.query(EVENTUAL, tenItems);        // 2.0 RCU
    // Query: 10 items, 15000 bytes summed then rounded up to 4 KB = 4 units x 0.5 (eventually consistent)
    CapacityEstimate batchGet = CapacityCalculator.batchGetItem(EVENTUAL, tenItems); // 5.0 RCU
    // BatchGetItem: 10 items each rounded up to 4 KB = 10 units x 0.5 (eventually consistent)
    CapacityEstimate update = CapacityCalculator.updateItem(5000, 200, STANDARD);  // 5.0 WCU
    // UpdateItem: larger of old (5000) and new (200) item = 5000 bytes rounded up to 1 KB = 5 units x 1.0 (standard)
    CapacityEstimate gsiWrite = CapacityCalculator.globalIndexWrite(500, 1500, true); // 3.0 WCU
    // GSI write: index key value changes, 2 writes (delete 500 + put 1500 projected bytes, each rounded up to 1 KB) = 3 units
    return List.of(query, batchGet, update, gsiWrite);
  }

  /** Section 3: the planner walk-through. */
  public static CapacityPlan plan() {
    Workload w = Workload.builder()
        // or .addItemSize(size, weight) once per size, for a distribution of item sizes
        .itemSizeBytes(3000)
        .readsPerSecond(ReadConsistency.EVENTUAL, 500)
        .readsPerSecond(ReadConsistency.STRONG, 100)
        .writesPerSecond(200)
        .transactionalWriteShare(0.1)
        .addGlobalIndex(new Workload.GlobalIndexLoad("byStatus", 300, 200, 1.0))
        .build();
    return CapacityPlanner.plan(w, 0.7, PriceTable.usEast1(), CapacityPlanner.DEFAULT_TABLE_QUOTA_UNITS);
  }

  /** Section 3, step 7: what the planned 500 RCU and 943 WCU carry for 3,000-byte items. */
  public static TableThroughput maxThroughput() {
    return CapacityPlanner.maxThroughput(500, 943, 3000, EVENTUAL);
  }

  /** Section 3: one hot partition key value. */
  public static HotKeyAdvice hotKey() {
    HotKeyAdvice a = CapacityPlanner.hotKey(900, 2500, 100, ReadConsistency.EVENTUAL, 0.8);
    // 2500.0 writes/s x 1 WCU (900 bytes rounded up to 1 KB) = 2500.0 WCU/s against 800.0 WCU/s per shard
    // (1000 x 0.8) -> 4 write shards; reads need 50.0 RCU/s of 3000 per partition
    return a;
  }

  /** What {@link #shardKeys(String)} computes. */
  public record ShardKeys(String writeKey, String readKey, List<String> allKeys) {
  }

  /** Section 4: the keys of one order under 10 calculated write shards. */
  public static ShardKeys shardKeys(String orderId) {
    WriteSharding s = WriteSharding.calculated(10);          // "2026-11-26#0" … "2026-11-26#9"
    String pk = s.writeKey("2026-11-26", orderId);           // the shard of this order, always the same
    String same = s.keyFor("2026-11-26", orderId);           // read it back with one GetItem
    List<String> all = s.allKeys("2026-11-26");              // what a scatter-gather read queries
    return new ShardKeys(pk, same, all);
  }

  /** What {@link #shardedOrders} read: the sort keys in the order handed out, and how many pages it took. */
  public record ShardedRead(List<String> sortKeys, int pages) {
  }

  /**
   * Sections 4 and 5: write {@code orders} orders of one day (sort keys 0 to orders - 1) under 10 calculated
   * write shards with a {@link BatchWriter}, then read those with a sort key in {@code [from, to]} back in
   * sort-key order with a {@link ScatterGatherQuery}, 100 items per page. The table has {@code pk} (S) and
   * {@code sk} (N).
   */
  public static ShardedRead shardedOrders(DynamoDbClient client, DynamoDbAsyncClient asyncClient, String table,
      int orders, long from, long to) {
    WriteSharding sharding = WriteSharding.calculated(10);
    List<WriteOperation> ops = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
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

    AttributeValue lo = AttributeValue.fromN(Long.toString(from));
    AttributeValue hi = AttributeValue.fromN(Long.toString(to));
    List<String> sortKeys = new ArrayList<>();
    int pages = 0;
    ScatterGatherQuery q = ScatterGatherQuery.builder()
        .client(asyncClient).tableName(table)
        .partitionKeyName("pk").sortKeyName("sk")
        .sharding(sharding).order(MergeOrder.ASCENDING)          // or DESCENDING, UNORDERED
        .sortKeyCondition("#sk BETWEEN :lo AND :hi")
        .expressionAttributeNames(Map.of("#sk", "sk"))
        .expressionAttributeValues(Map.of(":lo", lo, ":hi", hi))
        .build();
    ScatterGatherCursor cursor = q.start();
    do {
      ScatterGatherPage page = q.query("2026-11-26", 100, cursor).join();
      page.items().forEach(item -> sortKeys.add(item.get("sk").n()));   // globally ordered by sk across shards
      pages++;
      cursor = page.cursor().orElse(null);
    } while (cursor != null);
    return new ShardedRead(sortKeys, pages);
  }
}
