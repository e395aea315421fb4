package dev.cirrus.dynamo.cache.internal;

import dev.cirrus.dynamo.ItemSize;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A cached answer for one key: the whole item, or null for a negative entry (no such item). The weight is the
 * item's exact DynamoDB size, or the key's size for a negative entry, at least 1.
 */
public record Entry(Map<String, AttributeValue> item, int weight) {

  static Entry found(Map<String, AttributeValue> item) {
    return new Entry(item, (int) Math.max(1, ItemSize.itemSizeBytes(item)));
  }

  static Entry missing(ItemKey key) {
    return new Entry(null, (int) Math.max(1, ItemSize.itemSizeBytes(key.attributes())));
  }

  boolean isFound() {
    return item != null;
  }
}
