package dev.cirrus.dynamo;

import dev.cirrus.dynamo.internal.BatchOptions;
import dev.cirrus.dynamo.internal.Batches;
import dev.cirrus.dynamo.internal.KeyIdentity;
import dev.cirrus.dynamo.internal.Resender;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorClassifier;
import dev.cirrus.retry.RetryPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads any number of items of one table by primary key with BatchGetItem: requests of at most 100 keys,
 * duplicates removed (numbers compared by value, as DynamoDB compares keys: {@code 1} and {@code 1.0} are one key), bounded parallelism, {@code UnprocessedKeys} re-sent with backoff, like {@link BatchWriter}.
 *
 * <p>It returns only if every key was processed (found or known missing); otherwise it throws
 * {@link BatchGetIncompleteException} with exactly the keys not processed. Items are read whole (no projection)
 * so that found keys can be matched to requested ones.
 *
 * <p>Composition: {@code BatchGetter(re-send loop(client's retry strategy(HTTP call)))}. Instances are immutable
 * and thread-safe.
 */
public final class BatchGetter {
  /** Keys per BatchGetItem request. */
  public static final int MAX_BATCH_KEYS = 100;

  private final BatchOptions options;
  private final boolean consistentRead;
  private final Resender<Map<String, AttributeValue>> resender;

  private BatchGetter(BatchOptions options, boolean consistentRead) {
    this.options = options;
    this.consistentRead = consistentRead;
    this.resender = options.resender(BatchListener.Operation.GET);
  }

  /**
   * A new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the items with these keys.
   *
   * @param keys the primary keys to read (duplicates are read once)
   * @return the items found, the keys found missing, and the requests and capacity used
   * @throws InvalidItemException if a key is invalid (nothing is sent)
   * @throws BatchGetIncompleteException if some keys were not processed; it carries them and the partial result
   */
  public BatchGetResult get(Collection<Map<String, AttributeValue>> keys) {
    Objects.requireNonNull(keys, "keys");
    ItemValidator validator = options.keySchema();
    Map<Map<String, Object>, Map<String, AttributeValue>> unique = new LinkedHashMap<>();
    for (Map<String, AttributeValue> key : keys) {
      validator.validateKey(key);
      unique.putIfAbsent(KeyIdentity.of(key), Map.copyOf(key));
    }
    List<List<Map<String, AttributeValue>>> batches =
        Batches.split(unique.values(), MAX_BATCH_KEYS, key -> 0, Long.MAX_VALUE);
    ConcurrentLinkedQueue<Map<String, AttributeValue>> found = new ConcurrentLinkedQueue<>();
    Batches.Totals<Map<String, AttributeValue>> totals =
        Batches.run(batches, resender, options.maxParallelRequests(), pending -> send(pending, found));
    List<Map<String, AttributeValue>> items = new ArrayList<>(found);
    Map<Map<String, Object>, Map<String, AttributeValue>> missing = new LinkedHashMap<>(unique);
    for (Map<String, AttributeValue> item : items) {
      missing.remove(KeyIdentity.of(validator.keyOf(item)));
    }
    for (Map<String, AttributeValue> key : totals.unprocessed()) {
      missing.remove(KeyIdentity.of(key));
    }
    BatchGetResult result = new BatchGetResult(items, new ArrayList<>(missing.values()), totals.requests(),
        totals.resends(), totals.capacityUnits());
    if (!totals.unprocessed().isEmpty()) {
      throw new BatchGetIncompleteException(options.tableName(), totals.unprocessed(), result, totals.error());
    }
    return result;
  }

  private Resender.Reply<Map<String, AttributeValue>> send(List<Map<String, AttributeValue>> pending,
      Collection<Map<String, AttributeValue>> found) {
    String tableName = options.tableName();
    BatchGetItemResponse resp = options.client().batchGetItem(BatchGetItemRequest.builder()
        .requestItems(Map.of(tableName, KeysAndAttributes.builder().keys(pending).consistentRead(consistentRead).build()))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .build());
    List<Map<String, AttributeValue>> items = resp.hasResponses()
        ? resp.responses().getOrDefault(tableName, List.of()) : List.of();
    found.addAll(items);
    double units = Batches.capacityUnits(resp.hasConsumedCapacity() ? resp.consumedCapacity() : List.of());
    KeysAndAttributes left = resp.hasUnprocessedKeys() ? resp.unprocessedKeys().get(tableName) : null;
    List<Map<String, AttributeValue>> unprocessed = left == null ? List.of() : left.keys();
    double computed = options.listener() == null ? 0 : readUnits(items, pending.size() - unprocessed.size());
    return new Resender.Reply<>(unprocessed, units, computed);
  }

  /**
   * What {@link CapacityCalculator} computes for reading {@code processed} keys of which {@code items} were found:
   * each item by its size, each key found missing 1 unit, at this getter's consistency.
   */
  private double readUnits(List<Map<String, AttributeValue>> items, int processed) {
    long units = Math.max(0, processed - items.size()) * CapacityCalculator.readUnits(0);
    for (Map<String, AttributeValue> item : items) {
      units += CapacityCalculator.readUnits(ItemSize.itemSizeBytes(item));
    }
    return units * (consistentRead ? ReadConsistency.STRONG : ReadConsistency.EVENTUAL).unitsPer4Kb();
  }

  /** Builds {@link BatchGetter}. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private final BatchOptions.Builder options = BatchOptions.builder();
    private boolean consistentRead;

    private Builder() {
    }

    /**
     * The client (required); the caller owns and closes it.
     *
     * @param client the client (required); the caller owns and closes it
     * @return this builder
     */
    public Builder client(DynamoDbClient client) {
      options.client(client);
      return this;
    }

    /**
     * The table (required).
     *
     * @param tableName the table (required)
     * @return this builder
     */
    public Builder tableName(String tableName) {
      options.tableName(tableName);
      return this;
    }

    /**
     * The table's key schema (required).
     *
     * @param validator the table's key schema (required)
     * @return this builder
     */
    public Builder keySchema(ItemValidator validator) {
      options.keySchema(validator);
      return this;
    }

    /**
     * Strongly consistent reads; false by default.
     *
     * @param consistentRead strongly consistent reads; false by default
     * @return this builder
     */
    public Builder consistentRead(boolean consistentRead) {
      this.consistentRead = consistentRead;
      return this;
    }

    /**
     * Requests in flight at once; 4 by default.
     *
     * @param n requests in flight at once; 4 by default
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 256
     */
    public Builder maxParallelRequests(int n) {
      options.maxParallelRequests(n);
      return this;
    }

    /**
     * Requests per batch (the first included) before its remaining keys are reported; 10 by default.
     *
     * @param n requests per batch (the first included) before its remaining keys are reported; 10 by default
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 100
     */
    public Builder maxAttemptsPerBatch(int n) {
      options.maxAttemptsPerBatch(n);
      return this;
    }

    /**
     * Which errors are retried; by default {@code ErrorClassifier.aws()}.
     *
     * @param classifier which errors are retried; by default {@code ErrorClassifier.aws()}
     * @return this builder
     */
    public Builder errorClassifier(ErrorClassifier classifier) {
      options.errorClassifier(classifier);
      return this;
    }

    /**
     * The delay before each re-send; by default {@code Backoff.fullJitter(50 ms, 5 s)}.
     *
     * @param backoff the delay before each re-send; by default {@code Backoff.fullJitter(50 ms, 5 s)}
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      options.backoff(backoff);
      return this;
    }

    /**
     * Jitter randomness in [0, 1); by default {@code ThreadLocalRandom}.
     *
     * @param random jitter randomness in [0, 1); by default {@code ThreadLocalRandom}
     * @return this builder
     */
    public Builder random(DoubleSupplier random) {
      options.random(random);
      return this;
    }

    /**
     * How to wait between re-sends; by default {@code TimeUnit.NANOSECONDS::sleep}.
     *
     * @param sleeper how to wait between re-sends; by default {@code TimeUnit.NANOSECONDS::sleep}
     * @return this builder
     */
    public Builder sleeper(RetryPolicy.Sleeper sleeper) {
      options.sleeper(sleeper);
      return this;
    }

    /**
     * A listener told of each request: elements sent and left unprocessed, capacity reported and computed,
     * failures and re-sends (see {@link BatchListener}); none by default.
     *
     * @param listener the listener, for example {@code CirrusMetrics.dynamoListener(registry, "orders")} of
     *     {@code cirrus-micrometer}
     * @return this builder
     */
    public Builder listener(BatchListener listener) {
      options.listener(listener);
      return this;
    }

    /**
     * Builds the getter.
     *
     * @return a new {@link BatchGetter}
     * @throws IllegalStateException if the client, table or key schema is missing
     */
    public BatchGetter build() {
      return new BatchGetter(options.build(), consistentRead);
    }
  }
}
