package dev.cirrus.dynamo;

/**
 * The DynamoDB rule an item, value or key broke; carried by {@link InvalidItemException#violation()}.
 *
 * <p>Sources: Amazon DynamoDB Developer Guide, "Constraints in Amazon DynamoDB" (Items, Attributes, Data types,
 * Partition keys and sort keys) and "DynamoDB item sizes and formats".
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum ItemViolation {
  /** The item is larger than 409,600 bytes (400 KB). */
  ITEM_TOO_LARGE,
  /** A partition key value is larger than 2,048 bytes or a sort key value larger than 1,024 bytes. */
  KEY_TOO_LARGE,
  /** A key attribute is missing from an item or key. */
  KEY_MISSING,
  /** A key attribute is not a String, Number or Binary, or a key holds attributes other than the key attributes. */
  KEY_TYPE,
  /** A String or Binary key attribute is empty. */
  EMPTY_KEY_VALUE,
  /** Lists and maps are nested more than 32 levels deep. */
  NESTING_TOO_DEEP,
  /** A string, number or binary set is empty. */
  EMPTY_SET,
  /** A set holds the same element twice (numbers compared by value, so {@code 1} and {@code 1.0} are equal). */
  DUPLICATE_SET_ELEMENT,
  /** A number is not in DynamoDB's number syntax. */
  INVALID_NUMBER,
  /** A number has more than 38 significant digits. */
  NUMBER_TOO_PRECISE,
  /** A number's magnitude is outside 1E-130 to 9.9999999999999999999999999999999999999E+125. */
  NUMBER_OUT_OF_RANGE,
  /** An attribute value is null or carries no type. */
  NO_TYPE
}
