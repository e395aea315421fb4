package dev.cirrus.dynamo.cache.internal;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A primary key with the identity DynamoDB gives it: numbers compare by value ({@code 1}, {@code 1.0} and
 * {@code 10E-1} are one item), strings and binaries by content. The canonical parts have distinct classes
 * (String, BigDecimal, SdkBytes), so {@code S "1"} and {@code N "1"} never collide.
 */
public final class ItemKey {
  private final Map<String, AttributeValue> key;
  private final Object partition;
  private final Object sort;
  private final int hash;
  private final boolean owned;

  private ItemKey(Map<String, AttributeValue> key, Object partition, Object sort, boolean owned) {
    this.key = key;
    this.partition = partition;
    this.sort = sort;
    this.hash = 31 * partition.hashCode() + (sort == null ? 0 : sort.hashCode());
    this.owned = owned;
  }

  /**
   * The key of these key attributes, or null if the map is not structurally a key of the schema (an attribute
   * missing or extra, a value not S, N or B, a malformed number); the caller then validates it for the message.
   */
  static ItemKey orNull(Map<String, AttributeValue> key, String partitionName, String sortName) {
    int expected = sortName == null ? 1 : 2;
    if (key.size() != expected) {
      return null;
    }
    Object p = canonical(key.get(partitionName));
    Object s = sortName == null ? null : canonical(key.get(sortName));
    if (p == null || (sortName != null && s == null)) {
      return null;
    }
    return new ItemKey(key, p, s, false);
  }

  /**
   * This key backed by an immutable copy of the caller's map, to be stored in the cache; a lookup (a hit) uses
   * the caller's map as it is and copies nothing.
   */
  ItemKey owned() {
    return owned ? this : new ItemKey(Map.copyOf(key), partition, sort, true);
  }

  /** The canonical identity of one key value (S, N or B), or null if it is none of them or a malformed number. */
  static Object canonical(AttributeValue v) {
    if (v == null) {
      return null;
    }
    if (v.s() != null) {
      return v.s();
    }
    if (v.n() != null) {
      try {
        return new BigDecimal(v.n().trim()).stripTrailingZeros();
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return v.b();
  }

  /** The key attributes, for requests to DynamoDB. */
  public Map<String, AttributeValue> attributes() {
    return key;
  }

  /** The partition key's canonical value, for the query cache's invalidation. */
  public Object partition() {
    return partition;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ItemKey k && hash == k.hash && partition.equals(k.partition) && Objects.equals(sort, k.sort);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return key.toString();
  }
}
