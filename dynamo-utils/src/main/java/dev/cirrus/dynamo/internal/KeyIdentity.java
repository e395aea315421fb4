package dev.cirrus.dynamo.internal;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The identity DynamoDB gives a primary key: numbers compare by value, so {@code 1}, {@code 1.0} and
 * {@code 10E-1} name the same item (a batch naming both is rejected as holding duplicates, and DynamoDB answers
 * with its own canonical spelling). Strings and binaries compare by content.
 */
public final class KeyIdentity {
  private KeyIdentity() {
  }

  /**
   * A map usable as a hash key that is equal for two keys exactly when DynamoDB treats them as the same item.
   * The key's values must already be valid key values (S, N or B).
   */
  public static Map<String, Object> of(Map<String, AttributeValue> key) {
    Map<String, Object> identity = new HashMap<>(4);
    for (Map.Entry<String, AttributeValue> e : key.entrySet()) {
      AttributeValue v = e.getValue();
      Object id;
      if (v.n() != null) {
        id = DynamoNumbers.canonical(v.n(), Path.attribute(null, e.getKey()));
      } else if (v.s() != null) {
        id = v.s();
      } else if (v.b() != null) {
        id = v.b();
      } else {
        id = v;
      }
      identity.put(e.getKey(), id);
    }
    return identity;
  }
}
