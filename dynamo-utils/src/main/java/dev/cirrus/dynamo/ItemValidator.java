package dev.cirrus.dynamo;

import dev.cirrus.dynamo.internal.ItemSizer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks items and keys against DynamoDB's documented limits before they are sent, so a bad item fails fast
 * with the attribute path instead of failing a whole batch at the service.
 *
 * <p>Rules checked (source: "Constraints in Amazon DynamoDB", Items / Attributes / Data types / Partition keys
 * and sort keys, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html):
 * <ul>
 *   <li>item size at most 409,600 bytes ({@link ItemSize#MAX_ITEM_SIZE_BYTES});</li>
 *   <li>key attributes present, of type S, N or B, String and Binary values not empty; partition key value at
 *       most 2,048 bytes, sort key value at most 1,024 bytes (the value's size, without the name);</li>
 *   <li>lists and maps nested at most 32 levels (a top-level list or map is level 1);</li>
 *   <li>sets not empty and without duplicates (numbers compared by value);</li>
 *   <li>numbers well formed, at most 38 significant digits, magnitude within 1E-130..9.99E+125.</li>
 * </ul>
 * Every violation is an {@link InvalidItemException} naming the attribute path and the rule.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ItemValidator {
  private final String partitionKey;
  private final String sortKey;

  private ItemValidator(Builder b) {
    this.partitionKey = b.partitionKey;
    this.sortKey = b.sortKey;
  }

  /**
   * A validator for a table whose primary key is {@code partitionKey} only.
   *
   * @param partitionKey the partition key attribute name
   * @return A validator for a table whose primary key is {@code partitionKey} only
   * @throws IllegalArgumentException if the name is empty
   */
  public static ItemValidator forTable(String partitionKey) {
    return builder().partitionKey(partitionKey).build();
  }

  /**
   * A validator for a table whose primary key is {@code partitionKey} and {@code sortKey}.
   *
   * @param partitionKey the partition key attribute name
   * @param sortKey the sort key attribute name
   * @return A validator for a table whose primary key is {@code partitionKey} and {@code sortKey}
   * @throws IllegalArgumentException if a name is empty or both names are equal
   */
  public static ItemValidator forTable(String partitionKey, String sortKey) {
    return builder().partitionKey(partitionKey).sortKey(sortKey).build();
  }

  /**
   * A new builder; the partition key name is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder initialised from this validator.
   *
   * @return a builder holding this object's settings
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.partitionKey = partitionKey;
    b.sortKey = sortKey;
    return b;
  }

  /** {@return the partition key attribute name} */
  public String partitionKey() {
    return partitionKey;
  }

  /** {@return the sort key attribute name, if the table has one} */
  public Optional<String> sortKey() {
    return Optional.ofNullable(sortKey);
  }

  /**
   * Validates a full item and returns its size.
   *
   * @param item the item
   * @return the item size in bytes (as {@link ItemSize#itemSizeBytes})
   * @throws NullPointerException if {@code item} is null
   * @throws InvalidItemException on the first rule broken, naming the attribute path
   */
  public long validateItem(Map<String, AttributeValue> item) {
    Objects.requireNonNull(item, "item");
    checkKeyAttribute(item, partitionKey, ItemSize.MAX_PARTITION_KEY_BYTES, "partition key");
    if (sortKey != null) {
      checkKeyAttribute(item, sortKey, ItemSize.MAX_SORT_KEY_BYTES, "sort key");
    }
    long size = ItemSizer.itemSize(item, true);
    if (size > ItemSize.MAX_ITEM_SIZE_BYTES) {
      throw new InvalidItemException("", ItemViolation.ITEM_TOO_LARGE,
          "item size must be at most " + ItemSize.MAX_ITEM_SIZE_BYTES + " bytes, was " + size);
    }
    return size;
  }

  /**
   * Validates a primary key (as used by GetItem, DeleteItem, BatchGetItem): exactly the key attributes, each
   * valid, and returns its size.
   *
   * @param key the primary key
   * @return the key size in bytes
   * @throws NullPointerException if {@code key} is null
   * @throws InvalidItemException if an attribute is missing, extra, of the wrong type, empty or too long
   */
  public long validateKey(Map<String, AttributeValue> key) {
    Objects.requireNonNull(key, "key");
    checkKeyAttribute(key, partitionKey, ItemSize.MAX_PARTITION_KEY_BYTES, "partition key");
    if (sortKey != null) {
      checkKeyAttribute(key, sortKey, ItemSize.MAX_SORT_KEY_BYTES, "sort key");
    }
    int expected = sortKey == null ? 1 : 2;
    if (key.size() != expected) {
      for (String name : key.keySet()) {
        if (!name.equals(partitionKey) && !name.equals(sortKey)) {
          throw new InvalidItemException(name, ItemViolation.KEY_TYPE,
              "a key must hold only the key attributes " + keyNames() + ", found extra attribute");
        }
      }
    }
    return ItemSizer.itemSize(key, true);
  }

  /**
   * Extracts the primary key attributes of an item.
   *
   * @param item an item holding the key attributes
   * @return a map of the key attributes only
   */
  public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    Objects.requireNonNull(item, "item");
    checkKeyAttribute(item, partitionKey, ItemSize.MAX_PARTITION_KEY_BYTES, "partition key");
    if (sortKey == null) {
      return Map.of(partitionKey, item.get(partitionKey));
    }
    checkKeyAttribute(item, sortKey, ItemSize.MAX_SORT_KEY_BYTES, "sort key");
    return Map.of(partitionKey, item.get(partitionKey), sortKey, item.get(sortKey));
  }

  private String keyNames() {
    return sortKey == null ? "[" + partitionKey + "]" : "[" + partitionKey + ", " + sortKey + "]";
  }

  private static void checkKeyAttribute(Map<String, AttributeValue> item, String name, int maxBytes, String role) {
    AttributeValue v = item.get(name);
    if (v == null) {
      throw new InvalidItemException(name, ItemViolation.KEY_MISSING, role + " attribute is missing");
    }
    long size;
    if (v.s() != null) {
      size = ItemSizer.utf8Length(v.s());
    } else if (v.b() != null) {
      size = v.b().asByteBuffer().remaining();
    } else if (v.n() != null) {
      size = ItemSizer.attributeValueSize(name, v, true);
    } else {
      throw new InvalidItemException(name, ItemViolation.KEY_TYPE,
          role + " must be of type S, N or B, was " + v.type());
    }
    if (size == 0) {
      throw new InvalidItemException(name, ItemViolation.EMPTY_KEY_VALUE,
          role + " value must not be empty (String and Binary key values need at least 1 byte)");
    }
    if (size > maxBytes) {
      throw new InvalidItemException(name, ItemViolation.KEY_TOO_LARGE,
          role + " value must be at most " + maxBytes + " bytes, was " + size);
    }
  }

  @Override
  public String toString() {
    return "ItemValidator" + keyNames();
  }

  /**
   * Builds {@link ItemValidator}s. Not thread-safe; {@link #build()} copies the state, so reusing a builder never
   * changes a validator already built.
   */
  public static final class Builder {
    private String partitionKey;
    private String sortKey;

    private Builder() {
    }

    /**
     * The partition key attribute name (required).
     *
     * @param name the partition key attribute name (required)
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if empty
     */
    public Builder partitionKey(String name) {
      this.partitionKey = checkName(name, "partitionKey");
      return this;
    }

    /**
     * The sort key attribute name; by default none.
     *
     * @param name the sort key attribute name; by default none
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if empty
     */
    public Builder sortKey(String name) {
      this.sortKey = checkName(name, "sortKey");
      return this;
    }

    private static String checkName(String name, String what) {
      Objects.requireNonNull(name, what);
      if (name.isEmpty()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      return name;
    }

    /**
     * Builds the validator.
     *
     * @return a new {@link ItemValidator}
     * @throws IllegalStateException if no partition key was set or the sort key equals the partition key
     */
    public ItemValidator build() {
      if (partitionKey == null) {
        throw new IllegalStateException("partitionKey must be set");
      }
      if (partitionKey.equals(sortKey)) {
        throw new IllegalStateException("sortKey must differ from partitionKey, both were '" + partitionKey + "'");
      }
      return new ItemValidator(this);
    }
  }
}
