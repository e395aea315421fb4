package dev.cirrus.dynamo;

import dev.cirrus.dynamo.internal.DynamoNumbers;
import dev.cirrus.dynamo.internal.ItemSizer;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sizes of DynamoDB items, attribute values and keys in bytes, exactly as DynamoDB counts them for the 400 KB
 * item limit and for capacity units.
 *
 * <p>The rules, from the Amazon DynamoDB Developer Guide, "DynamoDB item sizes and formats"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html) and
 * "Constraints in Amazon DynamoDB" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html):
 * <ul>
 *   <li>an item is the sum over its attributes of the attribute name's UTF-8 bytes plus the value's size;</li>
 *   <li>String: UTF-8 bytes. Binary: raw bytes (not the base64 text). Null and Boolean: 1 byte;</li>
 *   <li>Number: DynamoDB keeps up to 38 significant digits in base 100, pairs of digits aligned on the decimal
 *       point, leading and trailing zeros trimmed: {@code 1 + (digit pairs) + (1 if negative)} bytes; zero is
 *       1 byte. So {@code 1}, {@code 1.0}, {@code 1e0}, {@code 01} are all 2 bytes, {@code 12345} is 4 bytes
 *       ({@code 01 23 45}), {@code 0.001} is 2 bytes, {@code -1} is 3 bytes and {@code -0} is 1 byte. The guide
 *       states this rule only approximately ("1 byte per two significant digits + 1 byte"); the alignment on
 *       the decimal point is why {@code 1234} ({@code 12 34}) is 3 bytes but {@code 123.4}
 *       ({@code 01 23 .40}) is 4 bytes</li>
 *   <li>String, Number and Binary sets: the sum of their elements' sizes;</li>
 *   <li>List: 3 bytes plus, per element, 1 byte plus the element's size;</li>
 *   <li>Map: 3 bytes plus, per entry, 1 byte plus the key's UTF-8 bytes plus the value's size.</li>
 * </ul>
 *
 * <p>Sizing rejects only what cannot be sized (numbers that are malformed, have more than 38 significant digits,
 * or lie outside 1E-130..9.99E+125 in magnitude, and values without a type); use {@link ItemValidator} to check
 * every item rule.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ItemSize {
  /** DynamoDB's maximum item size: 400 KB = 409,600 bytes. */
  public static final long MAX_ITEM_SIZE_BYTES = 409_600L;
  /** DynamoDB's maximum partition key value size: 2,048 bytes. */
  public static final int MAX_PARTITION_KEY_BYTES = 2048;
  /** DynamoDB's maximum sort key value size: 1,024 bytes. */
  public static final int MAX_SORT_KEY_BYTES = 1024;
  /** Storage overhead DynamoDB bills per item for indexing: 100 bytes. */
  public static final int STORAGE_OVERHEAD_BYTES = 100;
  /** Additional storage overhead per item of a global table (replicated system attributes): 48 bytes. */
  public static final int GLOBAL_TABLE_OVERHEAD_BYTES = 48;

  private ItemSize() {
  }

  /**
   * The size of an item: for each attribute, its name's UTF-8 bytes plus its value's size.
   *
   * @param item the item, as used in PutItem or returned by GetItem
   * @return the size in bytes, 0 for an empty map
   * @throws NullPointerException if {@code item} or an attribute name is null
   * @throws InvalidItemException if a value cannot be sized (bad number, null or untyped value)
   */
  public static long itemSizeBytes(Map<String, AttributeValue> item) {
    Objects.requireNonNull(item, "item");
    return ItemSizer.itemSize(item, false);
  }

  /**
   * The size of one attribute value, without any attribute name.
   *
   * @param value the value
   * @return the size of one attribute value, without any attribute name
   * @throws InvalidItemException if the value cannot be sized (bad number, null or untyped value)
   */
  public static long valueSizeBytes(AttributeValue value) {
    return ItemSizer.valueSize(value, false);
  }

  /**
   * The size of one named attribute: the name's UTF-8 bytes plus the value's size.
   *
   * @param name the attribute name
   * @param value the value
   * @return the size of one named attribute: the name's UTF-8 bytes plus the value's size
   * @throws NullPointerException if {@code name} is null
   * @throws InvalidItemException if the value cannot be sized
   */
  public static long attributeSizeBytes(String name, AttributeValue value) {
    Objects.requireNonNull(name, "name");
    return ItemSizer.utf8Length(name) + ItemSizer.attributeValueSize(name, value, false);
  }

  /**
   * The size of a primary key map (the key attributes' names and values), as DynamoDB counts it for a
   * key-only index entry or a BatchGetItem request.
   *
   * @param key the key attributes
   * @return the key size in bytes
   * @throws NullPointerException if {@code key} is null
   * @throws InvalidItemException if a value cannot be sized
   */
  public static long keySizeBytes(Map<String, AttributeValue> key) {
    Objects.requireNonNull(key, "key");
    return ItemSizer.itemSize(key, false);
  }

  /**
   * The stored size of a number given in DynamoDB's string form ({@code "12.5"}, {@code "-1e10"}).
   *
   * @param number the number in DynamoDB's string form
   * @return the stored size of a number given in DynamoDB's string form ({@code "12.5"}, {@code "-1e10"})
   * @throws NullPointerException if {@code number} is null
   * @throws InvalidItemException if it is malformed, has more than 38 significant digits or lies outside
   *     DynamoDB's range
   */
  public static int numberSizeBytes(String number) {
    Objects.requireNonNull(number, "number");
    return DynamoNumbers.sizeBytes(number, null);
  }

  /**
   * The UTF-8 length of a string, which is what DynamoDB counts for names and String values (a Java
   * {@code String.length()} counts UTF-16 units and is wrong for any non-ASCII text).
   *
   * @param s the string
   * @return the number of UTF-8 bytes
   * @throws NullPointerException if {@code s} is null
   */
  public static int utf8Bytes(String s) {
    return ItemSizer.utf8Length(Objects.requireNonNull(s, "s"));
  }

  /**
   * The size billed for storage: the item size plus 100 bytes per item for indexing, plus 48 more bytes for a
   * global table (source: "DynamoDB item sizes and formats", storage billing overhead).
   *
   * @param item the item
   * @param globalTable whether the table is a global table (replica)
   * @return the billed storage size in bytes
   * @throws NullPointerException if {@code item} is null
   * @throws InvalidItemException if a value cannot be sized
   */
  public static long billedStorageBytes(Map<String, AttributeValue> item, boolean globalTable) {
    return itemSizeBytes(item) + STORAGE_OVERHEAD_BYTES + (globalTable ? GLOBAL_TABLE_OVERHEAD_BYTES : 0);
  }
}
