package dev.cirrus.dynamo.cache;

import dev.cirrus.dynamo.cache.internal.ItemCacheCore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A local read-through, write-through cache of one DynamoDB table's items, bounded in bytes and in time.
 *
 * <p><b>Reads.</b> {@link #getItem(Map)}, {@link #getItem(GetItemRequest)} and {@link #batchGetItem(Collection)}
 * answer from the cache, or load on a miss: one GetItem per key however many threads miss it at once (single
 * flight), and one coalesced {@link dev.cirrus.dynamo.BatchGetter} call for all the misses of a batch. Loads are
 * eventually consistent reads. A strongly consistent request ({@code ConsistentRead=true}) and
 * {@link #transactGetItems} always go to DynamoDB and neither read nor fill the cache. A key with no item is cached
 * as a negative entry for {@code negativeTtl}. A failed load is never cached: the caller gets an {@link
 * ItemCacheLoadException} and the next read tries again, while unexpired entries are still served.
 *
 * <p><b>Projections.</b> The cache holds whole items only; a projected read never fills an entry, so a projection
 * can never answer a full read. A projection of top-level attributes ({@code ProjectionExpression} of plain names
 * or {@code #placeholders}, or {@code AttributesToGet}) is answered from the whole item, loading the whole item on a
 * miss (DynamoDB charges a projected read the same capacity as the whole item). A projection of nested paths
 * ({@code a.b}, {@code list[0]}) goes to DynamoDB.
 *
 * <p><b>Writes.</b> {@link #putItem}, {@link #updateItem}, {@link #deleteItem}, {@link #transactWriteItems} and
 * {@link #batchWriteItem} are sent to DynamoDB, and when the call returns or fails the entry of every item of this
 * table they name is updated or removed: an UpdateItem with {@code ReturnValues.ALL_NEW} installs the returned
 * item; every other write, every failed write (a failed condition included) and every write that overlapped
 * another write through the cache to the same key removes the entry, together with any load in flight for it (that
 * load's result is not cached). For {@code consistentReadAfterWrite} after a write, the next load of that key is a
 * strongly consistent read, so an eventually consistent replica cannot bring the old value back.
 *
 * <p><b>Consistency promise.</b> Within one process, a read through the cache that starts after a write through the
 * same cache was acknowledged returns that write's value or a later one (read-your-writes and monotonic per key
 * across threads), as long as the key is not written concurrently by other processes. Writes made elsewhere (other
 * processes, other caches, the console, streams) are seen at most {@code ttl} after they happen ({@code negativeTtl}
 * for an item created elsewhere while its negative entry is cached); with refresh-ahead, a hot entry is reloaded in
 * the background once it is older than {@code refreshAhead}, but the bound is still {@code ttl}.
 *
 * <p><b>Query cache</b> (off by default): {@link #query} caches whole responses keyed by the whole request;
 * any write through the cache to a partition removes the cached queries of that partition and every cached query of
 * a secondary index. Queries made while it is off, and strongly consistent queries, go to DynamoDB.
 *
 * <p>This class is thread-safe. It does not own the clients: the caller closes them.
 */
public final class DynamoDbItemCache {
  /** The default {@code maximumWeightBytes}: 64 MiB of item data (exact DynamoDB item sizes). */
  public static final long DEFAULT_MAXIMUM_WEIGHT_BYTES = 64L * 1024 * 1024;

  private final ItemCacheCore core;

  DynamoDbItemCache(ItemCacheCore core) {
    this.core = core;
  }

  /**
   * A new builder for a cache in front of {@code client}.
   *
   * @param client the client every load and write goes through; the caller owns and closes it
   * @return a new builder
   * @throws NullPointerException if {@code client} is null
   */
  public static DynamoDbItemCacheBuilder builder(DynamoDbClient client) {
    return new DynamoDbItemCacheBuilder(client);
  }

  /**
   * The table this cache holds items of.
   *
   * @return the table name
   */
  public String tableName() {
    return core.tableName();
  }

  /**
   * Reads the whole item with this primary key, from the cache or loaded with an eventually consistent GetItem.
   *
   * @param key exactly the table's key attributes
   * @return the item, or empty if there is no item with this key
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is not a valid primary key of the table (an
   *     {@link dev.cirrus.dynamo.InvalidItemException} naming the attribute: missing, extra, wrong type, empty)
   * @throws ItemCacheLoadException if the item was not cached and the load failed
   */
  public Optional<Map<String, AttributeValue>> getItem(Map<String, AttributeValue> key) {
    return core.getItem(key);
  }

  /**
   * GetItem through the cache. A strongly consistent request, or one projecting nested paths, is sent to DynamoDB as
   * it is and its response returned unchanged. Otherwise the response holds the cached or loaded item (projected
   * to the requested top-level attributes) and no consumed capacity, whatever {@code ReturnConsumedCapacity} says.
   *
   * @param request a GetItem request on this cache's table
   * @return the response
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if the request names another table or its key is not a valid primary key
   * @throws ItemCacheLoadException if the item was not cached and the load failed
   * @throws software.amazon.awssdk.services.dynamodb.model.DynamoDbException from DynamoDB for a request passed
   *     through
   */
  public GetItemResponse getItem(GetItemRequest request) {
    return core.getItem(request);
  }

  /**
   * Like {@link #getItem(GetItemRequest)}, building the request with {@code request}.
   *
   * @param request fills a request builder
   * @return the response
   * @throws NullPointerException if {@code request} is null
   */
  public GetItemResponse getItem(Consumer<GetItemRequest.Builder> request) {
    GetItemRequest.Builder b = GetItemRequest.builder();
    Objects.requireNonNull(request, "request").accept(b);
    return getItem(b.build());
  }

  /**
   * Reads whole items by primary key: cached ones from the cache, all the others with one coalesced
   * {@link dev.cirrus.dynamo.BatchGetter} call (BatchGetItem of up to 100 keys per request, unprocessed keys
   * re-sent with backoff). A key whose load is already in flight joins it.
   *
   * @param keys primary keys; duplicates are read once
   * @return the items that exist, in the order of their keys' first appearance
   * @throws NullPointerException if {@code keys} or a key is null
   * @throws IllegalArgumentException if a key is not a valid primary key (nothing is read)
   * @throws ItemCacheLoadException if a load failed; no key of that load is cached
   */
  public List<Map<String, AttributeValue>> batchGetItem(Collection<Map<String, AttributeValue>> keys) {
    return core.batchGetItem(keys);
  }

  /**
   * TransactGetItems, always sent to DynamoDB: a transactional read neither reads nor fills the cache.
   *
   * @param request the request
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   * @throws software.amazon.awssdk.services.dynamodb.model.DynamoDbException from DynamoDB
   */
  public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
    return core.transactGetItems(request);
  }

  /**
   * Query, through the query cache if it is on and the query is eventually consistent; otherwise sent to DynamoDB.
   *
   * @param request a Query on this cache's table (or one of its indexes)
   * @return the response, possibly cached (at most {@code ttl} old, and never older than a write through this
   *     cache to the queried partition)
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if the request names another table
   * @throws software.amazon.awssdk.services.dynamodb.model.DynamoDbException from DynamoDB
   */
  public QueryResponse query(QueryRequest request) {
    return core.query(request);
  }

  /**
   * PutItem, then removes the entry of the item (a PutItem returns no new image).
   *
   * @param request a PutItem on this cache's table
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if the request names another table or its item lacks a key attribute
   * @throws software.amazon.awssdk.services.dynamodb.model.DynamoDbException from DynamoDB (the entry is removed)
   */
  public PutItemResponse putItem(PutItemRequest request) {
    return core.putItem(request);
  }

  /**
   * Like {@link #putItem(PutItemRequest)}, building the request with {@code request}.
   *
   * @param request fills a request builder
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   */
  public PutItemResponse putItem(Consumer<PutItemRequest.Builder> request) {
    PutItemRequest.Builder b = PutItemRequest.builder();
    Objects.requireNonNull(request, "request").accept(b);
    return putItem(b.build());
  }

  /**
   * UpdateItem, then installs the returned item if the request asked for {@code ReturnValues.ALL_NEW} (and no other
   * write to the key through this cache overlapped it), else removes the entry.
   *
   * @param request an UpdateItem on this cache's table
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if the request names another table or its key is not a valid primary key
   * @throws software.amazon.awssdk.services.dynamodb.model.DynamoDbException from DynamoDB, such as a
   *     {@code ConditionalCheckFailedException} (the entry is removed)
   */
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    return core.updateItem(request);
  }

  /**
   * Like {@link #updateItem(UpdateItemRequest)}, building the request with {@code request}.
   *
   * @param request fills a request builder
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   */
  public UpdateItemResponse updateItem(Consumer<UpdateItemRequest.Builder> request) {
    UpdateItemRequest.Builder b = UpdateItemRequest.builder();
    Objects.requireNonNull(request, "request").accept(b);
    return updateItem(b.build());
  }

  /**
   * DeleteItem, then removes the entry.
   *
   * @param request a DeleteItem on this cache's table
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if the request names another table or its key is not a valid primary key
   * @throws software.amazon.awssdk.services.dynamodb.model.DynamoDbException from DynamoDB (the entry is removed)
   */
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    return core.deleteItem(request);
  }

  /**
   * Like {@link #deleteItem(DeleteItemRequest)}, building the request with {@code request}.
   *
   * @param request fills a request builder
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   */
  public DeleteItemResponse deleteItem(Consumer<DeleteItemRequest.Builder> request) {
    DeleteItemRequest.Builder b = DeleteItemRequest.builder();
    Objects.requireNonNull(request, "request").accept(b);
    return deleteItem(b.build());
  }

  /**
   * TransactWriteItems, then removes the entry of every item of this cache's table that a Put, Update or Delete of
   * the transaction names, whether the transaction succeeded or not. Items of other tables are not cached here.
   *
   * @param request the transaction
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if an item or key of this table is not a valid primary key
   * @throws software.amazon.awssdk.services.dynamodb.model.DynamoDbException from DynamoDB
   */
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    return core.transactWriteItems(request);
  }

  /**
   * Like {@link #transactWriteItems(TransactWriteItemsRequest)}, building the request with {@code request}.
   *
   * @param request fills a request builder
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   */
  public TransactWriteItemsResponse transactWriteItems(Consumer<TransactWriteItemsRequest.Builder> request) {
    TransactWriteItemsRequest.Builder b = TransactWriteItemsRequest.builder();
    Objects.requireNonNull(request, "request").accept(b);
    return transactWriteItems(b.build());
  }

  /**
   * BatchWriteItem (one request, as sent: unprocessed items are the caller's to re-send), then removes the entry of
   * every item of this cache's table the request names.
   *
   * @param request the request
   * @return DynamoDB's response
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if an item or key of this table is not a valid primary key
   * @throws software.amazon.awssdk.services.dynamodb.model.DynamoDbException from DynamoDB
   */
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    return core.batchWriteItem(request);
  }

  /**
   * Removes the entry of this key, and any load in flight for it, and the cached queries of its partition. For a
   * change made elsewhere that must be seen before the TTL runs out.
   *
   * @param key exactly the table's key attributes
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is not a primary key of the table
   */
  public void invalidate(Map<String, AttributeValue> key) {
    core.invalidate(key);
  }

  /** Removes every entry, items and queries. */
  public void invalidateAll() {
    core.invalidateAll();
  }

  /**
   * A snapshot of the counters and the current weight.
   *
   * @return the snapshot
   */
  public ItemCacheStats stats() {
    return core.stats();
  }

  @Override
  public String toString() {
    return "DynamoDbItemCache[" + core.tableName() + "]";
  }
}
