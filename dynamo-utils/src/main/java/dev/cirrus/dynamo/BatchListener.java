package dev.cirrus.dynamo;

/**
 * Receives what a {@link BatchWriter} or {@link BatchGetter} does, request by request, for metrics. Every method
 * has an empty default, so implement only what you need; one listener may serve several writers and getters.
 *
 * <p>Listeners run synchronously on the thread that sent the request (with parallel requests, several threads at
 * once), so they MUST be fast and thread-safe. An exception thrown by a listener is logged at WARN and otherwise
 * ignored: a broken metric never fails a batch. No method receives an item or a key.
 */
public interface BatchListener {

  /** The batch operation. */
  enum Operation {
    /** {@code BatchWriteItem}, by a {@link BatchWriter}. */
    WRITE,
    /** {@code BatchGetItem}, by a {@link BatchGetter}. */
    GET
  }

  /**
   * Called when DynamoDB answered a request.
   *
   * @param operation the operation
   * @param tableName the table
   * @param sent the operations (writes) or keys (gets) the request held
   * @param unprocessed how many of them DynamoDB returned unprocessed ({@code UnprocessedItems},
   *     {@code UnprocessedKeys}): throttled, to be re-sent or reported
   * @param reportedCapacityUnits the capacity units DynamoDB reported consumed ({@code ConsumedCapacity}; 0 when it
   *     reported none, as DynamoDB Local and some emulators do)
   * @param computedCapacityUnits the capacity units {@link CapacityCalculator} computes for what was processed:
   *     for writes 1 unit per started KB of each item put and 1 unit per delete (a put that replaces a larger
   *     item, and a delete of a large item, cost more: a lower bound); for gets 1 unit per started 4 KB of each
   *     item found and 1 per key found missing, halved for eventually consistent reads
   */
  default void onRequest(Operation operation, String tableName, int sent, int unprocessed,
      double reportedCapacityUnits, double computedCapacityUnits) {}

  /**
   * Called when a request failed with an exception (after the client's own retries): the writer or getter
   * re-sends it if the error is retryable and attempts remain.
   *
   * @param operation the operation
   * @param tableName the table
   * @param sent the operations or keys the request held
   * @param failure the failure
   */
  default void onRequestFailed(Operation operation, String tableName, int sent, Throwable failure) {}

  /**
   * Called before a request re-sends what an earlier request left: its unprocessed elements, or all of a failed
   * request's.
   *
   * @param operation the operation
   * @param tableName the table
   * @param elements the operations or keys re-sent
   */
  default void onResend(Operation operation, String tableName, int elements) {}
}
