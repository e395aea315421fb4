package dev.cirrus.dynamo.cache.internal;

import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.cache.ItemCacheStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** What {@code DynamoDbItemCache} does, behind its documented facade. */
public final class ItemCacheCore {
  private final Settings settings;
  private final ItemValidator schema;
  private final String partitionName;
  private final String sortName;
  private final Counters counters = new Counters();
  private final ItemStore items;
  private final QueryStore queries;
  private final WriteTracker writes = new WriteTracker();

  /** A cache with these (validated) settings. */
  public ItemCacheCore(Settings settings) {
    this.settings = settings;
    this.schema = settings.keySchema();
    this.partitionName = schema.partitionKey();
    this.sortName = schema.sortKey().orElse(null);
    this.items = new ItemStore(settings, counters, new Listeners(settings.listener()));
    this.queries = settings.queryCacheMaximumWeightBytes() > 0 ? new QueryStore(settings, counters) : null;
  }

  /** The cache's table. */
  public String tableName() {
    return settings.tableName();
  }

  /** The item of this key, from the cache or loaded. */
  public Optional<Map<String, AttributeValue>> getItem(Map<String, AttributeValue> key) {
    return Optional.ofNullable(entry(key(key)).item());
  }

  /** GetItem, through the cache unless strongly consistent or projecting nested paths. */
  public GetItemResponse getItem(GetItemRequest request) {
    Objects.requireNonNull(request, "request");
    requireTable(request.tableName());
    Projection p = Projection.of(request.projectionExpression(), request.expressionAttributeNames(),
        request.attributesToGet());
    if (Boolean.TRUE.equals(request.consistentRead()) || p == Projection.NESTED) {
      key(request.key());
      counters.passThroughs.increment();
      return settings.client().getItem(request);
    }
    Map<String, AttributeValue> item = p.apply(entry(key(request.key())).item());
    return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
  }

  /** The items of these keys that exist, in the order of the keys (duplicates once). */
  public List<Map<String, AttributeValue>> batchGetItem(Collection<Map<String, AttributeValue>> keys) {
    Objects.requireNonNull(keys, "keys");
    List<ItemKey> list = new ArrayList<>(keys.size());
    for (Map<String, AttributeValue> k : keys) {
      ItemKey key = key(k).owned();
      schema.validateKey(k);
      list.add(key);
    }
    Map<ItemKey, Entry> got = items.getAll(list);
    List<Map<String, AttributeValue>> out = new ArrayList<>(got.size());
    for (ItemKey k : new LinkedHashSet<>(list)) {
      Entry e = got.get(k);
      if (e != null && e.isFound()) {
        out.add(e.item());
      }
    }
    return out;
  }

  /** TransactGetItems, always sent to DynamoDB. */
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
    Objects.requireNonNull(request, "request");
    counters.passThroughs.increment();
    return settings.client().transactGetItems(request);
  }

  /** Query, through the query cache when it is on and the query is eventually consistent. */
  public QueryResponse query(QueryRequest request) {
    Objects.requireNonNull(request, "request");
    requireTable(request.tableName());
    if (queries == null || Boolean.TRUE.equals(request.consistentRead())) {
      counters.passThroughs.increment();
      return settings.client().query(request);
    }
    return queries.query(request);
  }

  /** PutItem; the entry is invalidated (a Put returns no new image). */
  public PutItemResponse putItem(PutItemRequest request) {
    Objects.requireNonNull(request, "request");
    requireTable(request.tableName());
    ItemKey k = key(schema.keyOf(request.item()));
    return write(List.of(k), () -> settings.client().putItem(request), null);
  }

  /** UpdateItem; the entry takes the ALL_NEW image if the caller asked for it, else is invalidated. */
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    Objects.requireNonNull(request, "request");
    requireTable(request.tableName());
    ItemKey k = key(request.key());
    Function<UpdateItemResponse, Map<String, AttributeValue>> image = request.returnValues() == ReturnValue.ALL_NEW
        ? r -> r.hasAttributes() ? r.attributes() : null : null;
    return write(List.of(k), () -> settings.client().updateItem(request), image);
  }

  /** DeleteItem; the entry is invalidated. */
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    Objects.requireNonNull(request, "request");
    requireTable(request.tableName());
    ItemKey k = key(request.key());
    return write(List.of(k), () -> settings.client().deleteItem(request), null);
  }

  /** TransactWriteItems; every item of the cache's table it names is invalidated. */
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    Objects.requireNonNull(request, "request");
    List<ItemKey> keys = new ArrayList<>();
    for (TransactWriteItem t : request.transactItems()) {
      if (t.put() != null && tableName().equals(t.put().tableName())) {
        keys.add(key(schema.keyOf(t.put().item())));
      } else if (t.update() != null && tableName().equals(t.update().tableName())) {
        keys.add(key(t.update().key()));
      } else if (t.delete() != null && tableName().equals(t.delete().tableName())) {
        keys.add(key(t.delete().key()));
      }
    }
    return write(keys, () -> settings.client().transactWriteItems(request), null);
  }

  /** BatchWriteItem; every item of the cache's table it names is invalidated, processed or not. */
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    Objects.requireNonNull(request, "request");
    List<ItemKey> keys = new ArrayList<>();
    for (WriteRequest w : request.requestItems().getOrDefault(tableName(), List.of())) {
      if (w.putRequest() != null) {
        keys.add(key(schema.keyOf(w.putRequest().item())));
      } else if (w.deleteRequest() != null) {
        keys.add(key(w.deleteRequest().key()));
      }
    }
    return write(keys, () -> settings.client().batchWriteItem(request), null);
  }

  /** Removes the entry of this key (and any load in flight for it). */
  public void invalidate(Map<String, AttributeValue> key) {
    ItemKey k = key(key);
    items.invalidate(k);
    if (queries != null) {
      queries.written(k.partition());
    }
  }

  /** Removes every entry, items and queries. */
  public void invalidateAll() {
    items.invalidateAll();
    if (queries != null) {
      queries.invalidateAll();
    }
  }

  /** A snapshot of the counters. */
  public ItemCacheStats stats() {
    Counters c = counters;
    return new ItemCacheStats(c.hits.sum(), c.misses.sum(), c.loads.sum(), c.loadFailures.sum(), c.evictions.sum(),
        items.weightedSize(), items.entries(), c.passThroughs.sum(), c.queryHits.sum(), c.queryMisses.sum());
  }

  private Entry entry(ItemKey key) {
    Entry e = items.getIfPresent(key);
    if (e != null) {
      return e;
    }
    schema.validateKey(key.attributes());
    return items.get(key.owned());
  }

  private <R> R write(List<ItemKey> given, Supplier<R> call, Function<R, Map<String, AttributeValue>> image) {
    List<ItemKey> keys = new ArrayList<>(given.size());
    for (ItemKey k : given) {
      keys.add(k.owned());
      writes.begin(keys.get(keys.size() - 1));
    }
    R response = null;
    try {
      response = call.get();
      return response;
    } finally {
      Map<String, AttributeValue> newItem = response == null || image == null ? null : image.apply(response);
      for (ItemKey k : keys) {
        writes.end(k, alone -> items.written(k, newItem, alone));
        if (queries != null) {
          queries.written(k.partition());
        }
      }
    }
  }

  private ItemKey key(Map<String, AttributeValue> key) {
    Objects.requireNonNull(key, "key");
    ItemKey k = ItemKey.orNull(key, partitionName, sortName);
    if (k == null) {
      // Not structurally a key: let the validator name what is wrong.
      schema.validateKey(key);
      throw new IllegalArgumentException("key must hold exactly the key attributes "
          + (sortName == null ? "[" + partitionName + "]" : "[" + partitionName + ", " + sortName + "]")
          + " as S, N or B values, was " + key.keySet());
    }
    return k;
  }

  private void requireTable(String tableName) {
    if (!settings.tableName().equals(tableName)) {
      throw new IllegalArgumentException(
          "tableName must be " + settings.tableName() + " (the cache's table), was " + tableName);
    }
  }
}
