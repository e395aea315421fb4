package dev.cirrus.dynamo;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Some keys of a {@link BatchGetter#get} call were still unprocessed after the last attempt, or failed with an
 * error that is not retryable. The items read so far are in {@link #partialResult()}; the keys whose existence is
 * unknown are in {@link #unprocessedKeys()} (never in the partial result's missing keys).
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public final class BatchGetIncompleteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Map<String, AttributeValue>> unprocessedKeys;
  private final transient BatchGetResult partialResult;

  /**
   * Creates the exception.
   *
   * @param tableName the table
   * @param unprocessedKeys keys not read
   * @param partialResult what was read
   * @param cause the last error, or null
   */
  public BatchGetIncompleteException(String tableName, List<Map<String, AttributeValue>> unprocessedKeys,
      BatchGetResult partialResult, Throwable cause) {
    super(unprocessedKeys.size() + " keys of table " + tableName + " were not read"
        + (cause == null ? " (still unprocessed after the last attempt)" : ": " + cause), cause);
    this.unprocessedKeys = List.copyOf(unprocessedKeys);
    this.partialResult = partialResult;
  }

  /** {@return the keys not read} */
  public List<Map<String, AttributeValue>> unprocessedKeys() {
    return unprocessedKeys;
  }

  /** {@return what was read before giving up} */
  public BatchGetResult partialResult() {
    return partialResult;
  }
}
