package dev.cirrus.dynamo.cache;

import java.util.Objects;

/**
 * A read through a {@link DynamoDbItemCache} missed and the load from DynamoDB failed (the service is unreachable,
 * throttling outlasted the retries, access was denied). The cause is the SDK's or the retry policy's exception.
 *
 * <p>Nothing is cached for a failed load: the next read of the key tries again. Entries already cached and not
 * expired are still served while loads fail. Every caller that waited for the same load receives an exception with
 * the same cause.
 */
public final class ItemCacheLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String tableName;
  private final int keys;

  /**
   * Creates the exception.
   *
   * @param tableName the table read
   * @param keys how many keys the failed load read (1 for GetItem)
   * @param cause the failure
   */
  public ItemCacheLoadException(String tableName, int keys, Throwable cause) {
    super((keys == 1 ? "GetItem" : "BatchGetItem of " + keys + " keys") + " on table " + tableName
        + " failed; nothing was cached: " + Objects.requireNonNull(cause, "cause"), cause);
    this.tableName = tableName;
    this.keys = keys;
  }

  /**
   * The table read.
   *
   * @return the table read
   */
  public String tableName() {
    return tableName;
  }

  /**
   * How many keys the failed load read (1 for GetItem).
   *
   * @return how many keys the failed load read
   */
  public int keys() {
    return keys;
  }
}
