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
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
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

  private final BatchOptions options;
  private final Resender<WriteRequest> resender;

  private BatchWriter(BatchOptions options) {
    this.options = options;
    this.resender = options.resender(BatchListener.Operation.WRITE);
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
    return options.tableName();
  }

  /** {@return requests per batch before giving up; 10 by default} */
  public int maxAttemptsPerBatch() {
    return options.maxAttemptsPerBatch();
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
    Map<Map<String, Object>, Sized> byKey = new LinkedHashMap<>();
    long superseded = 0;
    for (WriteOperation op : operations) {
      Sized sized = validate(op);
      if (byKey.put(sized.key(), sized) != null) {
        superseded++;
      }
    }
    List<List<WriteRequest>> batches = new ArrayList<>();
    for (List<Sized> batch : Batches.split(byKey.values(), MAX_BATCH_OPERATIONS, Sized::bytes, MAX_BATCH_BYTES)) {
      batches.add(batch.stream().map(s -> s.operation().toWriteRequest()).toList());
    }
    Batches.Totals<WriteRequest> totals = Batches.run(batches, resender, options.maxParallelRequests(), this::send);
    BatchWriteResult result = new BatchWriteResult(totals.done(), superseded, totals.requests(), totals.resends(),
        totals.capacityUnits());
    if (!totals.unprocessed().isEmpty()) {
      List<WriteOperation> unprocessed = totals.unprocessed().stream().map(WriteOperation::of).toList();
      throw new BatchWriteIncompleteException(options.tableName(), unprocessed, result, totals.error());
    }
    return result;
  }

  /** An operation with its primary key's identity and its size in bytes. */
  private record Sized(WriteOperation operation, Map<String, Object> key, long bytes) {
  }

  private Sized validate(WriteOperation op) {
    Objects.requireNonNull(op, "operation");
    ItemValidator validator = options.keySchema();
    if (op.isPut()) {
      long size = validator.validateItem(op.attributes());
      return new Sized(op, KeyIdentity.of(validator.keyOf(op.attributes())), size);
    }
    long size = validator.validateKey(op.attributes());
    return new Sized(op, KeyIdentity.of(op.attributes()), size);
  }

  private Resender.Reply<WriteRequest> send(List<WriteRequest> pending) {
    String tableName = options.tableName();
    BatchWriteItemResponse resp = options.client().batchWriteItem(BatchWriteItemRequest.builder()
        .requestItems(Map.of(tableName, pending))
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .build());
    double units = Batches.capacityUnits(resp.hasConsumedCapacity() ? resp.consumedCapacity() : List.of());
    List<WriteRequest> left = resp.hasUnprocessedItems()
        ? resp.unprocessedItems().getOrDefault(tableName, List.of()) : List.of();
    double computed = options.listener() == null ? 0 : writeUnits(pending) - writeUnits(left);
    return new Resender.Reply<>(left, units, computed);
  }

  /** What {@link CapacityCalculator} computes for writing {@code requests}: each put by its size, a delete 1. */
  private static long writeUnits(List<WriteRequest> requests) {
    long units = 0;
    for (WriteRequest w : requests) {
      units += w.putRequest() != null ? CapacityCalculator.writeUnits(ItemSize.itemSizeBytes(w.putRequest().item()))
          : CapacityCalculator.writeUnits(0);
    }
    return units;
  }

  @Override
  public String toString() {
    return "BatchWriter[table=" + options.tableName() + ", parallel=" + options.maxParallelRequests() + ", attempts="
        + options.maxAttemptsPerBatch() + "]";
  }

  /** Builds {@link BatchWriter}. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private final BatchOptions.Builder options = BatchOptions.builder();

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
     * The table's key schema, used to validate items and find duplicate keys (required).
     *
     * @param validator the table's key schema, used to validate items and find duplicate keys (required)
     * @return this builder
     */
    public Builder keySchema(ItemValidator validator) {
      options.keySchema(validator);
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
     * Requests per batch (the first send included) before its remaining operations are reported; 10 by default.
     *
     * @param n requests per batch (the first send included) before its remaining operations are reported; 10 by default
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 100
     */
    public Builder maxAttemptsPerBatch(int n) {
      options.maxAttemptsPerBatch(n);
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
     * Builds the writer.
     *
     * @return a new {@link BatchWriter}
     * @throws IllegalStateException if the client, table or key schema is missing
     */
    public BatchWriter build() {
      return new BatchWriter(options.build());
    }
  }
}
