package dev.cirrus.dynamo;

import java.util.List;

/**
 * Some operations of a {@link BatchWriter#write} call were still unprocessed after the last attempt, or failed
 * with an error that is not retryable. Everything else was written. Nothing is dropped silently: every
 * operation not known to be written is in {@link #unprocessedOperations()}.
 *
 * <p>The cause is the last error seen, if any (none when DynamoDB kept returning the items as
 * {@code UnprocessedItems}); other errors are suppressed exceptions. Instances are immutable once thrown and safe
 * to share between threads.
 */
public final class BatchWriteIncompleteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<WriteOperation> unprocessed;
  private final transient BatchWriteResult partialResult;

  /**
   * Creates the exception.
   *
   * @param tableName the table
   * @param unprocessed the operations not written
   * @param partialResult what was written
   * @param cause the last error, or null
   */
  public BatchWriteIncompleteException(String tableName, List<WriteOperation> unprocessed,
      BatchWriteResult partialResult, Throwable cause) {
    super(unprocessed.size() + " of " + (unprocessed.size() + partialResult.operationsWritten())
        + " write operations to table " + tableName + " were not written"
        + (cause == null ? " (still unprocessed after the last attempt)" : ": " + cause), cause);
    this.unprocessed = List.copyOf(unprocessed);
    this.partialResult = partialResult;
  }

  /** {@return the operations that were not written (puts with their items, deletes with their keys)} */
  public List<WriteOperation> unprocessedOperations() {
    return unprocessed;
  }

  /** {@return what was written before giving up} */
  public BatchWriteResult partialResult() {
    return partialResult;
  }
}
