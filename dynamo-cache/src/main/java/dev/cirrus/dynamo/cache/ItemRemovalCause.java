package dev.cirrus.dynamo.cache;

/** Why an entry left a {@link DynamoDbItemCache}, as told to {@link ItemCacheListener#onRemoval}. */
public enum ItemRemovalCause {
  /** Its time to live ({@code ttl}, or {@code negativeTtl} for a negative entry) ran out. */
  EXPIRED,
  /** The cache reached {@code maximumWeightBytes} and evicted it. */
  SIZE,
  /** A write through the cache, or {@link DynamoDbItemCache#invalidate}, removed it. */
  INVALIDATED,
  /** A new value replaced it: a refresh-ahead load or a write that returned {@code ALL_NEW}. */
  REPLACED
}
