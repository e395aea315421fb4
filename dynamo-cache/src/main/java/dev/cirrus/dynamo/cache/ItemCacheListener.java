package dev.cirrus.dynamo.cache;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Receives a {@link DynamoDbItemCache}'s events, for metrics or logs. Every method does nothing by default.
 *
 * <p>Implementations MUST be thread-safe and quick, and SHOULD NOT throw: a listener's exception is logged and
 * dropped, never seen by the caller. {@link #onLoad} and {@link #onLoadFailure} run on the thread that loaded;
 * {@link #onRemoval} runs on the cache's executor.
 */
public interface ItemCacheListener {

  /**
   * A load from DynamoDB completed.
   *
   * @param key the item's primary key
   * @param found whether the item exists (false: a negative entry was cached)
   * @param weightBytes the entry's weight
   */
  default void onLoad(Map<String, AttributeValue> key, boolean found, long weightBytes) {
  }

  /**
   * A load from DynamoDB failed; nothing was cached.
   *
   * @param key the item's primary key
   * @param failure the failure, as thrown to the caller (an {@link ItemCacheLoadException})
   */
  default void onLoadFailure(Map<String, AttributeValue> key, RuntimeException failure) {
  }

  /**
   * An entry left the cache.
   *
   * @param key the item's primary key
   * @param cause why
   */
  default void onRemoval(Map<String, AttributeValue> key, ItemRemovalCause cause) {
  }
}
