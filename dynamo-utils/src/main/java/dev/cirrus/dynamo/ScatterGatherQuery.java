package dev.cirrus.dynamo;

import dev.cirrus.dynamo.internal.AttributeOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads a write-sharded logical key by querying all N shard keys in parallel on the async client and merging
 * the pages: unordered, or in sort-key order with a k-way merge.
 *
 * <p>Each call to {@link #query} returns at most {@code limit} items and a cursor. For every shard not yet
 * exhausted it queries with {@code Limit} = the items still needed, following {@code LastEvaluatedKey} until the
 * shard has supplied {@code limit} items or has no more, so the merge is exact: the first {@code limit} items of
 * the merged order are always among those fetched. Items fetched but not handed out are read again on the next
 * page (their capacity is paid twice); choose a limit near the page size you actually need. Cost: a page costs
 * at least N queries, each at least 0.5 or 1 read unit, which is the read side of write sharding's trade-off.
 *
 * <p>Composition: each shard's requests run through the client's own retry strategy; this class adds no retries.
 * Instances are immutable and thread-safe; concurrent queries share nothing but the client.
 */
public final class ScatterGatherQuery {
  private final DynamoDbAsyncClient client;
  private final String tableName;
  private final String indexName;
  private final String partitionKeyName;
  private final String sortKeyName;
  private final List<String> keyAttributes;
  private final WriteSharding sharding;
  private final MergeOrder order;
  private final boolean consistentRead;
  private final String sortKeyCondition;
  private final String filterExpression;
  private final Map<String, String> names;
  private final Map<String, AttributeValue> values;

  private ScatterGatherQuery(Builder b) {
    client = b.client;
    tableName = b.tableName;
    indexName = b.indexName;
    partitionKeyName = b.partitionKeyName;
    sortKeyName = b.sortKeyName;
    keyAttributes = List.copyOf(b.keyAttributes);
    sharding = b.sharding;
    order = b.order;
    consistentRead = b.consistentRead;
    sortKeyCondition = b.sortKeyCondition;
    filterExpression = b.filterExpression;
    names = Map.copyOf(b.names);
    values = Map.copyOf(b.values);
  }

  /**
   * A new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the cursor to start a new scatter-gather read from the first item of every shard} */
  public ScatterGatherCursor start() {
    return ScatterGatherCursor.start(sharding.shardCount());
  }

  /**
   * Reads the next page of the logical key {@code baseKey} across all shards.
   *
   * @param baseKey the logical partition key, before sharding
   * @param limit the most items to return, at least 1
   * @param cursor {@link #start()} or the cursor of the previous page
   * @return a future of the page; it fails with the SDK's exception if a shard query fails
   * @throws IllegalArgumentException if {@code limit} is less than 1 or the cursor belongs to another shard count
   */
  public CompletableFuture<ScatterGatherPage> query(String baseKey, int limit, ScatterGatherCursor cursor) {
    Objects.requireNonNull(baseKey, "baseKey");
    Objects.requireNonNull(cursor, "cursor");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    if (cursor.shards() != sharding.shardCount()) {
      throw new IllegalArgumentException("cursor has " + cursor.shards() + " shards, this query has "
          + sharding.shardCount());
    }
    int n = sharding.shardCount();
    List<CompletableFuture<ShardFetch>> fetches = new ArrayList<>(n);
    for (int s = 0; s < n; s++) {
      if (cursor.exhausted(s)) {
        fetches.add(CompletableFuture.completedFuture(new ShardFetch(List.of(), null, 0, 0)));
      } else {
        fetches.add(fetch(sharding.key(baseKey, s), cursor.startKey(s), limit, new ShardFetch(new ArrayList<>(),
            cursor.startKey(s), 0, 0)));
      }
    }
    return CompletableFuture.allOf(fetches.toArray(new CompletableFuture<?>[0]))
        .thenApply(ignored -> merge(fetches.stream().map(CompletableFuture::join).toList(), limit, cursor));
  }

  private CompletableFuture<ShardFetch> fetch(String shardKey, Map<String, AttributeValue> startKey, int need,
      ShardFetch acc) {
    QueryRequest.Builder req = QueryRequest.builder().tableName(tableName)
        .limit(need - acc.items.size())
        .consistentRead(consistentRead)
        .scanIndexForward(order != MergeOrder.DESCENDING)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    if (indexName != null) {
      req.indexName(indexName);
    }
    Map<String, String> n = new HashMap<>(names);
    n.put("#cirrusPk", partitionKeyName);
    Map<String, AttributeValue> v = new HashMap<>(values);
    v.put(":cirrusPk", AttributeValue.fromS(shardKey));
    req.keyConditionExpression(sortKeyCondition == null ? "#cirrusPk = :cirrusPk"
        : "#cirrusPk = :cirrusPk AND " + sortKeyCondition);
    if (filterExpression != null) {
      req.filterExpression(filterExpression);
    }
    req.expressionAttributeNames(n).expressionAttributeValues(v);
    if (startKey != null) {
      req.exclusiveStartKey(startKey);
    }
    return client.query(req.build()).thenCompose(resp -> {
      ShardFetch next = acc.add(resp);
      if (next.items.size() >= need || next.lastEvaluatedKey == null) {
        return CompletableFuture.completedFuture(next);
      }
      return fetch(shardKey, next.lastEvaluatedKey, need, next);
    });
  }

  private ScatterGatherPage merge(List<ShardFetch> fetched, int limit, ScatterGatherCursor cursor) {
    int n = fetched.size();
    int[] taken = new int[n];
    List<Map<String, AttributeValue>> out = new ArrayList<>(limit);
    if (order == MergeOrder.UNORDERED) {
      for (int s = 0; s < n && out.size() < limit; s++) {
        List<Map<String, AttributeValue>> items = fetched.get(s).items;
        while (taken[s] < items.size() && out.size() < limit) {
          out.add(items.get(taken[s]++));
        }
      }
    } else {
      Comparator<int[]> bySortKey = (x, y) -> {
        int c = AttributeOrder.INSTANCE.compare(sortValue(fetched.get(x[0]).items.get(x[1])),
            sortValue(fetched.get(y[0]).items.get(y[1])));
        c = order == MergeOrder.DESCENDING ? -c : c;
        return c != 0 ? c : Integer.compare(x[0], y[0]);
      };
      PriorityQueue<int[]> heap = new PriorityQueue<>(Math.max(1, n), bySortKey);
      for (int s = 0; s < n; s++) {
        if (!fetched.get(s).items.isEmpty()) {
          heap.add(new int[] {s, 0});
        }
      }
      while (!heap.isEmpty() && out.size() < limit) {
        int[] head = heap.poll();
        out.add(fetched.get(head[0]).items.get(head[1]));
        taken[head[0]]++;
        if (head[1] + 1 < fetched.get(head[0]).items.size()) {
          heap.add(new int[] {head[0], head[1] + 1});
        }
      }
    }
    List<Map<String, AttributeValue>> startKeys = new ArrayList<>(n);
    boolean[] exhausted = new boolean[n];
    double capacity = 0;
    int requests = 0;
    for (int s = 0; s < n; s++) {
      ShardFetch f = fetched.get(s);
      capacity += f.capacity;
      requests += f.requests;
      if (cursor.exhausted(s)) {
        exhausted[s] = true;
        startKeys.add(null);
      } else if (taken[s] == f.items.size()) {
        exhausted[s] = f.lastEvaluatedKey == null;
        startKeys.add(f.lastEvaluatedKey);
      } else if (taken[s] > 0) {
        startKeys.add(keyOf(f.items.get(taken[s] - 1)));
      } else {
        startKeys.add(cursor.startKey(s));
      }
    }
    ScatterGatherCursor next = new ScatterGatherCursor(startKeys, exhausted);
    return new ScatterGatherPage(out, capacity, requests, next.isFinished() ? Optional.empty() : Optional.of(next));
  }

  private AttributeValue sortValue(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(sortKeyName);
    if (v == null) {
      throw new IllegalStateException("item has no sort key attribute '" + sortKeyName + "' to merge on");
    }
    return v;
  }

  private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (String name : keyAttributes) {
      AttributeValue v = item.get(name);
      if (v == null) {
        throw new IllegalStateException("item has no key attribute '" + name + "'; project the key attributes");
      }
      key.put(name, v);
    }
    return key;
  }

  private static final class ShardFetch {
    final List<Map<String, AttributeValue>> items;
    final Map<String, AttributeValue> lastEvaluatedKey;
    final double capacity;
    final int requests;

    ShardFetch(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastEvaluatedKey, double capacity,
        int requests) {
      this.items = items;
      this.lastEvaluatedKey = lastEvaluatedKey;
      this.capacity = capacity;
      this.requests = requests;
    }

    ShardFetch add(QueryResponse resp) {
      List<Map<String, AttributeValue>> all = new ArrayList<>(items);
      all.addAll(resp.items());
      double units = resp.consumedCapacity() == null || resp.consumedCapacity().capacityUnits() == null ? 0
          : resp.consumedCapacity().capacityUnits();
      return new ShardFetch(all, resp.hasLastEvaluatedKey() && !resp.lastEvaluatedKey().isEmpty()
          ? resp.lastEvaluatedKey() : null, capacity + units, requests + 1);
    }
  }

  /** Builds {@link ScatterGatherQuery}. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private DynamoDbAsyncClient client;
    private String tableName;
    private String indexName;
    private String partitionKeyName;
    private String sortKeyName;
    private List<String> keyAttributes;
    private WriteSharding sharding;
    private MergeOrder order = MergeOrder.UNORDERED;
    private boolean consistentRead;
    private String sortKeyCondition;
    private String filterExpression;
    private Map<String, String> names = Map.of();
    private Map<String, AttributeValue> values = Map.of();

    private Builder() {
    }

    /**
     * The async client (required); the caller owns and closes it.
     *
     * @param client the async client (required); the caller owns and closes it
     * @return this builder
     */
    public Builder client(DynamoDbAsyncClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The table (required).
     *
     * @param tableName the table (required)
     * @return this builder
     */
    public Builder tableName(String tableName) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
      return this;
    }

    /**
     * A secondary index to query; by default the table. Requires {@link #keyAttributes}.
     *
     * @param indexName the index name
     * @return this builder
     */
    public Builder indexName(String indexName) {
      this.indexName = Objects.requireNonNull(indexName, "indexName");
      return this;
    }

    /**
     * The (sharded) partition key attribute of the table or index (required); its values are strings.
     *
     * @param name the (sharded) partition key attribute of the table or index (required); its values are strings
     * @return this builder
     */
    public Builder partitionKeyName(String name) {
      this.partitionKeyName = Objects.requireNonNull(name, "partitionKeyName");
      return this;
    }

    /**
     * The sort key attribute, required for ordered merges.
     *
     * @param name the sort key attribute, required for ordered merges
     * @return this builder
     */
    public Builder sortKeyName(String name) {
      this.sortKeyName = Objects.requireNonNull(name, "sortKeyName");
      return this;
    }

    /**
     * The attributes of an {@code ExclusiveStartKey}: the table's key for table queries (the default,
     * partition and sort key names), the index key plus the table key for index queries.
     *
     * @param names the attributes of an {@code ExclusiveStartKey}: the table's key for table queries (the default,
     *     partition and sort key names), the index key plus the table key for index queries
     * @return this builder
     */
    public Builder keyAttributes(String... names) {
      this.keyAttributes = List.of(names);
      return this;
    }

    /**
     * The sharding scheme of the partition key (required).
     *
     * @param sharding the sharding scheme of the partition key (required)
     * @return this builder
     */
    public Builder sharding(WriteSharding sharding) {
      this.sharding = Objects.requireNonNull(sharding, "sharding");
      return this;
    }

    /**
     * The merge order; {@link MergeOrder#UNORDERED} by default.
     *
     * @param order the merge order; {@link MergeOrder#UNORDERED} by default
     * @return this builder
     */
    public Builder order(MergeOrder order) {
      this.order = Objects.requireNonNull(order, "order");
      return this;
    }

    /**
     * Strongly consistent reads; false (eventually consistent) by default.
     *
     * @param consistentRead strongly consistent reads; false (eventually consistent) by default
     * @return this builder
     */
    public Builder consistentRead(boolean consistentRead) {
      this.consistentRead = consistentRead;
      return this;
    }

    /**
     * A condition on the sort key ANDed to the partition key condition, e.g. {@code "#sk BETWEEN :lo AND :hi"};
     * names and values go to {@link #expressionAttributeNames} / {@link #expressionAttributeValues}.
     *
     * @param condition the sort key condition, in key condition expression syntax
     * @return this builder
     */
    public Builder sortKeyCondition(String condition) {
      this.sortKeyCondition = Objects.requireNonNull(condition, "sortKeyCondition");
      return this;
    }

    /**
     * A filter expression applied by DynamoDB after reading (read capacity is still consumed).
     *
     * @param filter the filter expression
     * @return this builder
     */
    public Builder filterExpression(String filter) {
      this.filterExpression = Objects.requireNonNull(filter, "filterExpression");
      return this;
    }

    /**
     * Expression attribute names; {@code #cirrusPk} is reserved.
     *
     * @param names expression attribute names; {@code #cirrusPk} is reserved
     * @return this builder
     */
    public Builder expressionAttributeNames(Map<String, String> names) {
      this.names = Map.copyOf(names);
      return this;
    }

    /**
     * Expression attribute values; {@code :cirrusPk} is reserved.
     *
     * @param values expression attribute values; {@code :cirrusPk} is reserved
     * @return this builder
     */
    public Builder expressionAttributeValues(Map<String, AttributeValue> values) {
      this.values = Map.copyOf(values);
      return this;
    }

    /**
     * Builds the query.
     *
     * @return a new {@link ScatterGatherQuery}
     * @throws IllegalStateException if a required setting is missing, an ordered merge has no sort key, or an
     *     index query has no key attributes
     */
    public ScatterGatherQuery build() {
      if (client == null || tableName == null || partitionKeyName == null || sharding == null) {
        throw new IllegalStateException("client, tableName, partitionKeyName and sharding must be set");
      }
      if (order != MergeOrder.UNORDERED && sortKeyName == null) {
        throw new IllegalStateException("order " + order + " needs sortKeyName");
      }
      if (keyAttributes == null) {
        if (indexName != null) {
          throw new IllegalStateException("index queries need keyAttributes (index key and table key)");
        }
        keyAttributes = sortKeyName == null ? List.of(partitionKeyName) : List.of(partitionKeyName, sortKeyName);
      }
      if (names.containsKey("#cirrusPk") || values.containsKey(":cirrusPk")) {
        throw new IllegalStateException("#cirrusPk and :cirrusPk are reserved expression names");
      }
      return new ScatterGatherQuery(this);
    }
  }
}
