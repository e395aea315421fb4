package dev.cirrus.dynamo;

import dev.cirrus.dynamo.internal.KeyIdentity;
import dev.cirrus.dynamo.internal.Parallel;
import dev.cirrus.dynamo.internal.Resender;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorClassifier;
import dev.cirrus.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
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

  private final DynamoDbClient client;
  private final String tableName;
  private final ItemValidator validator;
  private final int maxParallelRequests;
  private final boolean consistentRead;
  private final Resender<Map<String, AttributeValue>> resender;

  private BatchGetter(Builder b) {
    client = b.client;
    tableName = b.tableName;
    validator = b.validator;
    maxParallelRequests = b.maxParallelRequests;
    consistentRead = b.consistentRead;
    resender = new Resender<>(b.maxAttemptsPerBatch, b.backoff, b.classifier, b.random, b.sleeper);
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
    Map<Map<String, Object>, Map<String, AttributeValue>> unique = new LinkedHashMap<>();
    for (Map<String, AttributeValue> key : keys) {
      validator.validateKey(key);
      unique.putIfAbsent(KeyIdentity.of(key), Map.copyOf(key));
    }
    List<List<Map<String, AttributeValue>>> batches = new ArrayList<>();
    List<Map<String, AttributeValue>> current = new ArrayList<>();
    for (Map<String, AttributeValue> key : unique.values()) {
      if (current.size() == MAX_BATCH_KEYS) {
        batches.add(current);
        current = new ArrayList<>();
      }
      current.add(key);
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    ConcurrentLinkedQueue<Map<String, AttributeValue>> found = new ConcurrentLinkedQueue<>();
    List<Callable<Resender.Outcome<Map<String, AttributeValue>>>> tasks = new ArrayList<>();
    for (List<Map<String, AttributeValue>> batch : batches) {
      tasks.add(() -> resender.run(batch, pending -> send(pending, found)));
    }
    long requests = 0;
    long resends = 0;
    double capacity = 0;
    List<Map<String, AttributeValue>> unprocessed = new ArrayList<>();
    Throwable lastError = null;
    for (Resender.Outcome<Map<String, AttributeValue>> o : Parallel.run(tasks, maxParallelRequests,
        i -> Resender.notRun(batches.get(i)))) {
      requests += o.requests();
      resends += o.resends();
      capacity += o.capacityUnits();
      unprocessed.addAll(o.unprocessed());
      if (o.lastError() != null && lastError == null) {
        lastError = o.lastError();
      } else if (o.lastError() != null && o.lastError() != lastError) {
        lastError.addSuppressed(o.lastError());
      }
    }
    List<Map<String, AttributeValue>> items = new ArrayList<>(found);
    Map<Map<String, Object>, Map<String, AttributeValue>> missing = new LinkedHashMap<>(unique);
    for (Map<String, AttributeValue> item : items) {
      missing.remove(KeyIdentity.of(validator.keyOf(item)));
    }
    for (Map<String, AttributeValue> key : unprocessed) {
      missing.remove(KeyIdentity.of(key));
    }
    BatchGetResult result = new BatchGetResult(items, new ArrayList<>(missing.values()), requests, resends, capacity);
    if (!unprocessed.isEmpty()) {
      throw new BatchGetIncompleteException(tableName, unprocessed, result, lastError);
    }
    return result;
  }

  private Resender.Reply<Map<String, AttributeValue>> send(List<Map<String, AttributeValue>> pending,
      Collection<Map<String, AttributeValue>> found) {
    BatchGetItemResponse resp = client.batchGetItem(BatchGetItemRequest.builder()
        .requestItems(Map.of(tableName, KeysAndAttributes.builder().keys(pending).consistentRead(consistentRead).build()))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .build());
    if (resp.hasResponses()) {
      found.addAll(resp.responses().getOrDefault(tableName, List.of()));
    }
    double units = 0;
    if (resp.hasConsumedCapacity()) {
      for (ConsumedCapacity c : resp.consumedCapacity()) {
        units += c.capacityUnits() == null ? 0 : c.capacityUnits();
      }
    }
    KeysAndAttributes left = resp.hasUnprocessedKeys() ? resp.unprocessedKeys().get(tableName) : null;
    return new Resender.Reply<>(left == null ? List.of() : left.keys(), units);
  }

  /** Builds {@link BatchGetter}. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private DynamoDbClient client;
    private String tableName;
    private ItemValidator validator;
    private int maxParallelRequests = 4;
    private int maxAttemptsPerBatch = 10;
    private boolean consistentRead;
    private Backoff backoff = Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(5));
    private ErrorClassifier classifier = ErrorClassifier.aws();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private RetryPolicy.Sleeper sleeper = TimeUnit.NANOSECONDS::sleep;

    private Builder() {
    }

    /**
     * The client (required); the caller owns and closes it.
     *
     * @param client the client (required); the caller owns and closes it
     * @return this builder
     */
    public Builder client(DynamoDbClient client) {
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
     * The table's key schema (required).
     *
     * @param validator the table's key schema (required)
     * @return this builder
     */
    public Builder keySchema(ItemValidator validator) {
      this.validator = Objects.requireNonNull(validator, "keySchema");
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
      if (n < 1 || n > 256) {
        throw new IllegalArgumentException("maxParallelRequests must be between 1 and 256, was " + n);
      }
      this.maxParallelRequests = n;
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
      if (n < 1 || n > 100) {
        throw new IllegalArgumentException("maxAttemptsPerBatch must be between 1 and 100, was " + n);
      }
      this.maxAttemptsPerBatch = n;
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
     * The delay before each re-send; by default {@code Backoff.fullJitter(50 ms, 5 s)}.
     *
     * @param backoff the delay before each re-send; by default {@code Backoff.fullJitter(50 ms, 5 s)}
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Which errors are retried; by default {@code ErrorClassifier.aws()}.
     *
     * @param classifier which errors are retried; by default {@code ErrorClassifier.aws()}
     * @return this builder
     */
    public Builder errorClassifier(ErrorClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "errorClassifier");
      return this;
    }

    /**
     * Jitter randomness in [0, 1); by default {@code ThreadLocalRandom}.
     *
     * @param random jitter randomness in [0, 1); by default {@code ThreadLocalRandom}
     * @return this builder
     */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * How to wait between re-sends; by default {@code TimeUnit.NANOSECONDS::sleep}.
     *
     * @param sleeper how to wait between re-sends; by default {@code TimeUnit.NANOSECONDS::sleep}
     * @return this builder
     */
    public Builder sleeper(RetryPolicy.Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the getter.
     *
     * @return a new {@link BatchGetter}
     * @throws IllegalStateException if the client, table or key schema is missing
     */
    public BatchGetter build() {
      if (client == null || tableName == null || validator == null) {
        throw new IllegalStateException("client, tableName and keySchema must be set");
      }
      return new BatchGetter(this);
    }
  }
}
