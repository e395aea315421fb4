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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes any number of puts and deletes to one table with BatchWriteItem, without losing any to throttling.
 *
 * <p>Guarantees of {@link #write}:
 * <ul>
 *   <li>every item is validated first ({@link ItemValidator}); if one is invalid, nothing is sent;</li>
 *   <li>operations on the same primary key (numbers compared by value, as DynamoDB compares keys: {@code 1} and
 *       {@code 1.0} are one key) are collapsed to the last one (a request may not hold a key twice,
 *       and parallel requests could otherwise apply them out of order); the final state is the same as
 *       applying them in order, and the count is reported as {@link BatchWriteResult#operationsSuperseded()};</li>
 *   <li>requests hold at most 25 operations and at most 16 MB of item data (DynamoDB's BatchWriteItem limits;
 *       25 valid items can never reach 16 MB, the check is kept for safety);</li>
 *   <li>at most {@code maxParallelRequests} requests run at a time, on daemon threads created for the call (one
 *       batch, or a parallelism of 1, runs on the calling thread);</li>
 *   <li>{@code UnprocessedItems} are re-sent with the throttling backoff, as are throttled and transient errors
 *       (classified by cirrus-retry's {@link ErrorClassifier}), up to {@code maxAttemptsPerBatch} requests per
 *       batch;</li>
 *   <li>it returns only if every operation was acknowledged; otherwise, after all batches finished, it throws
 *       {@link BatchWriteIncompleteException} carrying exactly the operations not acknowledged. This holds also
 *       when the calling thread is interrupted: requests in flight finish, no further backoff sleeps or batches
 *       start, the rest is reported (cause: an {@link InterruptedException}) and the interrupt flag is kept.
 *       Puts and deletes are idempotent, so re-submitting them is safe.</li>
 * </ul>
 *
 * <p>Composition: {@code BatchWriter(re-send loop(client's retry strategy(HTTP call)))}. The client's own retry
 * strategy retries whole requests on errors first; for predictable timing give the writer a client with few or
 * no retries and let the writer's backoff govern.
 *
 * <p>Instances are immutable and thread-safe; concurrent {@code write} calls are independent.
 */
public final class BatchWriter {
  /** Operations per BatchWriteItem request. */
  public static final int MAX_BATCH_OPERATIONS = 25;
  /** Bytes of item data per BatchWriteItem request. */
  public static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;

  private final DynamoDbClient client;
  private final String tableName;
  private final ItemValidator validator;
  private final int maxParallelRequests;
  private final int maxAttemptsPerBatch;
  private final Resender<WriteRequest> resender;

  private BatchWriter(Builder b) {
    client = b.client;
    tableName = b.tableName;
    validator = b.validator;
    maxParallelRequests = b.maxParallelRequests;
    maxAttemptsPerBatch = b.maxAttemptsPerBatch;
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

  /** {@return the table written to} */
  public String tableName() {
    return tableName;
  }

  /** {@return requests per batch before giving up; 10 by default} */
  public int maxAttemptsPerBatch() {
    return maxAttemptsPerBatch;
  }

  /**
   * Writes the operations.
   *
   * @param operations the puts and deletes, applied as if in order
   * @return counts and the consumed capacity
   * @throws InvalidItemException if an item or key is invalid (nothing is sent)
   * @throws BatchWriteIncompleteException if some operations were not written; it carries them
   */
  public BatchWriteResult write(Collection<WriteOperation> operations) {
    Objects.requireNonNull(operations, "operations");
    Map<Map<String, Object>, WriteOperation> byKey = new LinkedHashMap<>();
    Map<Map<String, Object>, Long> sizes = new LinkedHashMap<>();
    long superseded = 0;
    for (WriteOperation op : operations) {
      Objects.requireNonNull(op, "operation");
      long size;
      Map<String, Object> key;
      if (op.isPut()) {
        size = validator.validateItem(op.attributes());
        key = KeyIdentity.of(validator.keyOf(op.attributes()));
      } else {
        size = validator.validateKey(op.attributes());
        key = KeyIdentity.of(op.attributes());
      }
      if (byKey.put(key, op) != null) {
        superseded++;
      }
      sizes.put(key, size);
    }
    List<List<WriteRequest>> batches = new ArrayList<>();
    List<WriteRequest> current = new ArrayList<>();
    long currentBytes = 0;
    for (Map.Entry<Map<String, Object>, WriteOperation> e : byKey.entrySet()) {
      long size = sizes.get(e.getKey());
      if (current.size() == MAX_BATCH_OPERATIONS || currentBytes + size > MAX_BATCH_BYTES) {
        batches.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(e.getValue().toWriteRequest());
      currentBytes += size;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    List<Callable<Resender.Outcome<WriteRequest>>> tasks = new ArrayList<>(batches.size());
    for (List<WriteRequest> batch : batches) {
      tasks.add(() -> resender.run(batch, this::send));
    }
    long written = 0;
    long requests = 0;
    long resends = 0;
    double capacity = 0;
    List<WriteOperation> unprocessed = new ArrayList<>();
    Throwable lastError = null;
    for (Resender.Outcome<WriteRequest> o : Parallel.run(tasks, maxParallelRequests,
        i -> Resender.notRun(batches.get(i)))) {
      written += o.done();
      requests += o.requests();
      resends += o.resends();
      capacity += o.capacityUnits();
      o.unprocessed().forEach(w -> unprocessed.add(WriteOperation.of(w)));
      if (o.lastError() != null) {
        if (lastError == null) {
          lastError = o.lastError();
        } else if (lastError != o.lastError()) {
          lastError.addSuppressed(o.lastError());
        }
      }
    }
    BatchWriteResult result = new BatchWriteResult(written, superseded, requests, resends, capacity);
    if (!unprocessed.isEmpty()) {
      throw new BatchWriteIncompleteException(tableName, unprocessed, result, lastError);
    }
    return result;
  }

  private Resender.Reply<WriteRequest> send(List<WriteRequest> pending) {
    BatchWriteItemResponse resp = client.batchWriteItem(BatchWriteItemRequest.builder()
        .requestItems(Map.of(tableName, pending))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .build());
    double units = 0;
    if (resp.hasConsumedCapacity()) {
      for (ConsumedCapacity c : resp.consumedCapacity()) {
        units += c.capacityUnits() == null ? 0 : c.capacityUnits();
      }
    }
    List<WriteRequest> left = resp.hasUnprocessedItems()
        ? resp.unprocessedItems().getOrDefault(tableName, List.of()) : List.of();
    return new Resender.Reply<>(left, units);
  }

  @Override
  public String toString() {
    return "BatchWriter[table=" + tableName + ", parallel=" + maxParallelRequests + ", attempts="
        + maxAttemptsPerBatch + "]";
  }

  /** Builds {@link BatchWriter}. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private DynamoDbClient client;
    private String tableName;
    private ItemValidator validator;
    private int maxParallelRequests = 4;
    private int maxAttemptsPerBatch = 10;
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
     * The table's key schema, used to validate items and find duplicate keys (required).
     *
     * @param validator the table's key schema, used to validate items and find duplicate keys (required)
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
     * Requests per batch (the first send included) before its remaining operations are reported; 10 by default.
     *
     * @param n requests per batch (the first send included) before its remaining operations are reported; 10 by default
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
     * Builds the writer.
     *
     * @return a new {@link BatchWriter}
     * @throws IllegalStateException if the client, table or key schema is missing
     */
    public BatchWriter build() {
      if (client == null || tableName == null || validator == null) {
        throw new IllegalStateException("client, tableName and keySchema must be set");
      }
      return new BatchWriter(this);
    }
  }
}
