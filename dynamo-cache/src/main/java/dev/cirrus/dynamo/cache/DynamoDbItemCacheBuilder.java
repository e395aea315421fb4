package dev.cirrus.dynamo.cache;

import dev.cirrus.cache.Ticker;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.cache.internal.ItemCacheCore;
import dev.cirrus.dynamo.cache.internal.Settings;
import dev.cirrus.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Builds a {@link DynamoDbItemCache}; start with {@link DynamoDbItemCache#builder(DynamoDbClient)}. {@code tableName}
 * and {@code ttl} are required; every other setting has the default its setter states.
 *
 * <p>Not thread-safe; {@link #build()} copies the state, so reusing a builder never changes a cache already built.
 */
public final class DynamoDbItemCacheBuilder {
  /** The longest default {@code negativeTtl}: 10 seconds (the default is the shorter of this and {@code ttl}). */
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(10);
  /** The default {@code consistentReadAfterWrite}: 1 second. */
  public static final Duration DEFAULT_CONSISTENT_READ_AFTER_WRITE = Duration.ofSeconds(1);

  private final DynamoDbClient client;
  private DynamoDbAsyncClient asyncClient;
  private String tableName;
  private ItemValidator keySchema;
  private Duration ttl;
  private Duration negativeTtl;
  private Duration refreshAhead;
  private long maximumWeightBytes = DynamoDbItemCache.DEFAULT_MAXIMUM_WEIGHT_BYTES;
  private Ticker ticker = Ticker.system();
  private Executor executor = ForkJoinPool.commonPool();
  private ItemCacheListener listener = new ItemCacheListener() { };
  private RetryPolicy loadRetryPolicy;
  private long queryCacheMaximumWeightBytes;
  private Duration consistentReadAfterWrite = DEFAULT_CONSISTENT_READ_AFTER_WRITE;

  DynamoDbItemCacheBuilder(DynamoDbClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * An async client for refresh-ahead loads, so that no thread waits for them; by default none (refreshes run the
   * synchronous client on the executor). Refreshes on the async client use its own retry strategy only.
   *
   * @param asyncClient the async client; the caller owns and closes it
   * @return this builder
   * @throws NullPointerException if {@code asyncClient} is null
   */
  public DynamoDbItemCacheBuilder asyncClient(DynamoDbAsyncClient asyncClient) {
    this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
    return this;
  }

  /**
   * The table (required).
   *
   * @param tableName the table's name, as requests through the cache must name it
   * @return this builder
   * @throws NullPointerException if {@code tableName} is null
   * @throws IllegalArgumentException if {@code tableName} is blank
   */
  public DynamoDbItemCacheBuilder tableName(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    if (tableName.isBlank()) {
      throw new IllegalArgumentException("tableName must not be blank, was '" + tableName + "'");
    }
    this.tableName = tableName;
    return this;
  }

  /**
   * The table's key attributes; by default {@link #build()} reads them with one DescribeTable.
   *
   * @param keySchema the partition key and, if the table has one, the sort key
   * @return this builder
   * @throws NullPointerException if {@code keySchema} is null
   */
  public DynamoDbItemCacheBuilder keySchema(ItemValidator keySchema) {
    this.keySchema = Objects.requireNonNull(keySchema, "keySchema");
    return this;
  }

  /**
   * How long an item stays cached after its load or write-through (required): the bound on staleness for writes
   * made elsewhere. Reads do not extend it.
   *
   * @param ttl the time to live, positive
   * @return this builder
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  public DynamoDbItemCacheBuilder ttl(Duration ttl) {
    this.ttl = positive(ttl, "ttl");
    return this;
  }

  /**
   * How long a negative entry (no item with the key) stays cached; by default the shorter of {@code ttl} and
   * {@link #DEFAULT_NEGATIVE_TTL} (10 seconds). It must not exceed {@code ttl}.
   *
   * @param negativeTtl the time to live of negative entries, positive
   * @return this builder
   * @throws NullPointerException if {@code negativeTtl} is null
   * @throws IllegalArgumentException if {@code negativeTtl} is zero or negative
   */
  public DynamoDbItemCacheBuilder negativeTtl(Duration negativeTtl) {
    this.negativeTtl = positive(negativeTtl, "negativeTtl");
    return this;
  }

  /**
   * Reloads an entry in the background on the first read after it is this old, so hot keys never miss; by default
   * off. The read that triggers it is served the current entry. It must be shorter than {@code ttl}.
   *
   * @param refreshAhead the age that triggers a refresh, positive
   * @return this builder
   * @throws NullPointerException if {@code refreshAhead} is null
   * @throws IllegalArgumentException if {@code refreshAhead} is zero or negative
   */
  public DynamoDbItemCacheBuilder refreshAhead(Duration refreshAhead) {
    this.refreshAhead = positive(refreshAhead, "refreshAhead");
    return this;
  }

  /**
   * The bound on the sum of the entries' weights, each item weighing its exact DynamoDB size
   * ({@link dev.cirrus.dynamo.ItemSize#itemSizeBytes}), a negative entry its key's size; by default
   * {@link DynamoDbItemCache#DEFAULT_MAXIMUM_WEIGHT_BYTES} (64 MiB). Heap use is a few times larger (see the guide).
   *
   * @param maximumWeightBytes the bound, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code maximumWeightBytes} is zero or negative
   */
  public DynamoDbItemCacheBuilder maximumWeightBytes(long maximumWeightBytes) {
    if (maximumWeightBytes <= 0) {
      throw new IllegalArgumentException(
          "maximumWeightBytes must be between 1 and " + Long.MAX_VALUE + ", was " + maximumWeightBytes);
    }
    this.maximumWeightBytes = maximumWeightBytes;
    return this;
  }

  /**
   * The monotonic time source entries age by; by default {@link Ticker#system()}.
   *
   * @param ticker the ticker
   * @return this builder
   * @throws NullPointerException if {@code ticker} is null
   */
  public DynamoDbItemCacheBuilder ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * Runs refresh-ahead loads and removal notifications; by default {@link ForkJoinPool#commonPool()}. Misses are
   * loaded on the calling thread, never here.
   *
   * @param executor the executor
   * @return this builder
   * @throws NullPointerException if {@code executor} is null
   */
  public DynamoDbItemCacheBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Receives loads, load failures and removals; by default none.
   *
   * @param listener the listener
   * @return this builder
   * @throws NullPointerException if {@code listener} is null
   */
  public DynamoDbItemCacheBuilder listener(ItemCacheListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Retries each GetItem load under this policy (throttling, 5xx), around the client's own retry strategy; by
   * default none (only the client's). Batch loads re-send unprocessed keys with {@code BatchGetter}'s own backoff.
   *
   * @param policy the retry policy
   * @return this builder
   * @throws NullPointerException if {@code policy} is null
   */
  public DynamoDbItemCacheBuilder loadRetryPolicy(RetryPolicy policy) {
    this.loadRetryPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Turns the query cache on, bounded to this many bytes of items (exact DynamoDB sizes), entries living
   * {@code ttl}; by default the query cache is off. Every write through the cache scans the cached queries' keys, so
   * keep it small.
   *
   * @param maximumWeightBytes the bound, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code maximumWeightBytes} is zero or negative
   */
  public DynamoDbItemCacheBuilder queryCache(long maximumWeightBytes) {
    if (maximumWeightBytes <= 0) {
      throw new IllegalArgumentException(
          "queryCache maximumWeightBytes must be between 1 and " + Long.MAX_VALUE + ", was " + maximumWeightBytes);
    }
    this.queryCacheMaximumWeightBytes = maximumWeightBytes;
    return this;
  }

  /**
   * For this long after a write through the cache, loads of the written key (and queries of its partition) are
   * strongly consistent reads, so a lagging replica cannot put the old value back; by default
   * {@link #DEFAULT_CONSISTENT_READ_AFTER_WRITE} (1 second, DynamoDB's usual replication delay). Zero turns it off
   * (then a load right after a write may cache the old value for up to {@code ttl}).
   *
   * @param window the window, zero or positive
   * @return this builder
   * @throws NullPointerException if {@code window} is null
   * @throws IllegalArgumentException if {@code window} is negative
   */
  public DynamoDbItemCacheBuilder consistentReadAfterWrite(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("consistentReadAfterWrite must be zero or positive, was " + window);
    }
    this.consistentReadAfterWrite = window;
    return this;
  }

  /**
   * Builds the cache; reads the key schema with one DescribeTable if none was given.
   *
   * @return a new cache
   * @throws IllegalStateException if {@code tableName} or {@code ttl} is missing, {@code negativeTtl} exceeds
   *     {@code ttl}, or {@code refreshAhead} is not shorter than {@code ttl}
   * @throws software.amazon.awssdk.services.dynamodb.model.DynamoDbException if DescribeTable fails
   */
  public DynamoDbItemCache build() {
    if (tableName == null || ttl == null) {
      throw new IllegalStateException("tableName and ttl are required; call tableName(String) and ttl(Duration)"
          + " before build()");
    }
    Duration negative = negativeTtl != null ? negativeTtl : (ttl.compareTo(DEFAULT_NEGATIVE_TTL) < 0 ? ttl
        : DEFAULT_NEGATIVE_TTL);
    if (negative.compareTo(ttl) > 0) {
      throw new IllegalStateException("negativeTtl must be at most ttl (" + ttl + "), was " + negative);
    }
    if (refreshAhead != null && refreshAhead.compareTo(ttl) >= 0) {
      throw new IllegalStateException("refreshAhead must be shorter than ttl (" + ttl + "), was " + refreshAhead);
    }
    ItemValidator schema = keySchema != null ? keySchema : describe(client, tableName);
    return new DynamoDbItemCache(new ItemCacheCore(new Settings(client, asyncClient, tableName, schema, ttl,
        negative, refreshAhead, maximumWeightBytes, ticker, executor, listener, loadRetryPolicy,
        queryCacheMaximumWeightBytes, consistentReadAfterWrite)));
  }

  private static ItemValidator describe(DynamoDbClient client, String tableName) {
    TableDescription t = client.describeTable(r -> r.tableName(tableName)).table();
    ItemValidator.Builder b = ItemValidator.builder();
    for (KeySchemaElement e : t.keySchema()) {
      if (e.keyType() == KeyType.HASH) {
        b.partitionKey(e.attributeName());
      } else {
        b.sortKey(e.attributeName());
      }
    }
    return b.build();
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }
}
