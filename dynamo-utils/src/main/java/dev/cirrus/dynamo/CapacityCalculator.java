package dev.cirrus.dynamo;

import dev.cirrus.dynamo.internal.PagedReads;
import java.util.Objects;

/**
 * Capacity units consumed by each DynamoDB operation, computed from item sizes exactly as documented, with the
 * rule applied recorded in each {@link CapacityEstimate}.
 *
 * <p>Rules (1 KB = 1,024 bytes; sources: "DynamoDB read and write operations",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html; "Provisioned
 * throughput considerations for Global Secondary Indexes", GSI.ThroughputConsiderations.html; "Provisioned
 * throughput considerations for Local Secondary Indexes", LSI.ThroughputConsiderations.html):
 * <ul>
 *   <li>reads round the size up to 4 KB units: strongly consistent 1, eventually consistent 0.5,
 *       transactional 2 per unit; a read that finds nothing still costs one unit's price;</li>
 *   <li>writes round up to 1 KB units: standard 1, transactional 2 per unit, at least one unit;</li>
 *   <li>GetItem: one item rounded; BatchGetItem: each item rounded, then summed, in requests of at most 100 keys
 *       and 16 MB of items;</li>
 *   <li>Query and Scan: the sizes of all items read (for Scan, evaluated, not only returned; filters do not
 *       reduce cost) summed, then rounded, separately for each page of at most 1 MB read (the guide does not say
 *       on which page an item crossing the 1 MB mark is counted; Cirrus starts the next page with it);</li>
 *   <li>PutItem/UpdateItem: the larger of the item before and after; DeleteItem: the deleted item;
 *       BatchWriteItem: each item rounded, then summed, in requests of at most 25 items; a failed conditional
 *       write: the existing item's size (1 unit if there is none);</li>
 *   <li>TransactWriteItems / TransactGetItems: each item rounded, at the transactional price;</li>
 *   <li>a global secondary index write costs 0, 1 or 2 index writes on the projected entry size, rounded to 1 KB:
 *       0 if the item is in the index neither before nor after, or stays under the same index key with no
 *       projected attribute changed; 1 to add or remove the entry or to update projected attributes (an update in
 *       place is charged, like UpdateItem, on the larger of the old and new entry); 2 if the index key value
 *       changes (delete the old entry, put the new one, each rounded on its own);</li>
 *   <li>index queries are charged on the projected entry sizes, summed and rounded per page; a local secondary
 *       index query that asks for attributes not projected also reads the whole base item for every entry, and
 *       each fetched item is charged in full, rounded up to 4 KB on its own.</li>
 * </ul>
 *
 * <p>Sizes are item sizes as computed by {@link ItemSize}; 0 means "no item". Every estimate carries its details:
 * {@link CapacityEstimate#chargedBytes()}, the units before the consistency or transaction factor, the pages
 * and the requests. This class is stateless and thread-safe.
 */
public final class CapacityCalculator {
  /** Bytes per read unit: 4 KB. */
  public static final int READ_UNIT_BYTES = 4096;
  /** Bytes per write unit: 1 KB. */
  public static final int WRITE_UNIT_BYTES = 1024;
  /** Data read per Query or Scan page: 1 MB. */
  public static final int PAGE_BYTES = 1024 * 1024;
  /** Item data one BatchGetItem response returns at most: 16 MB. */
  public static final long BATCH_GET_RESPONSE_BYTES = 16L * 1024 * 1024;
  /** Items one TransactGetItems or TransactWriteItems request takes at most: 100. */
  public static final int MAX_TRANSACTION_ITEMS = 100;

  private CapacityCalculator() {
  }

  /**
   * GetItem of one item of {@code itemSizeBytes} (0 if not found: still one unit's price).
   *
   * @param itemSizeBytes the item size in bytes, 0 if no item is found
   * @param consistency EVENTUAL or STRONG
   * @return the read units and the rule applied
   * @throws IllegalArgumentException if the size is negative or over 409,600, or consistency is transactional
   */
  public static CapacityEstimate getItem(long itemSizeBytes, ReadConsistency consistency) {
    checkSize("itemSizeBytes", itemSizeBytes);
    notTransactional(consistency, "GetItem");
    long units = readUnits(itemSizeBytes);
    return CapacityEstimate.builder("GetItem").rule("GetItem: " + describeRead(itemSizeBytes, units, consistency))
        .chargedBytes(itemSizeBytes).readUnits(units, consistency.unitsPer4Kb()).build();
  }

  /**
   * BatchGetItem of any number of keys: each item rounded up to 4 KB, then summed (a key not found costs one
   * unit), sent as the batch getter sends them: requests of at most {@value BatchGetter#MAX_BATCH_KEYS} keys, and
   * a request whose items would pass the 16 MB response limit is split where DynamoDB would return the rest as
   * unprocessed keys.
   *
   * @param consistency EVENTUAL or STRONG
   * @param itemSizesBytes the size of each item requested, 0 for a key not found
   * @return the read units, the requests and the rule applied
   * @throws IllegalArgumentException if a size is negative or over 409,600, or consistency is transactional
   */
  public static CapacityEstimate batchGetItem(ReadConsistency consistency, long... itemSizesBytes) {
    notTransactional(consistency, "BatchGetItem");
    long units = 0;
    long bytes = 0;
    int requests = 0;
    int keysInRequest = BatchGetter.MAX_BATCH_KEYS;
    long bytesInRequest = 0;
    for (long size : itemSizesBytes) {
      checkSize("itemSizeBytes", size);
      if (keysInRequest == BatchGetter.MAX_BATCH_KEYS || bytesInRequest + size > BATCH_GET_RESPONSE_BYTES) {
        requests++;
        keysInRequest = 0;
        bytesInRequest = 0;
      }
      keysInRequest++;
      bytesInRequest += size;
      units += readUnits(size);
      bytes += size;
    }
    return CapacityEstimate.builder("BatchGetItem").chargedBytes(bytes)
        .readUnits(units, consistency.unitsPer4Kb()).requests(requests)
        .rule("BatchGetItem: " + itemSizesBytes.length + " items each rounded up to 4 KB = " + units + " units x "
            + consistency.unitsPer4Kb() + " (" + consistency.label() + ")" + requestsNote(requests))
        .build();
  }

  /**
   * Query returning (or, with a filter, reading) items of the given sizes: summed then rounded up to 4 KB per
   * 1 MB page; an empty result still costs one unit.
   *
   * @param consistency EVENTUAL or STRONG
   * @param itemSizesBytes the sizes of the items read, in the order the query reads them
   * @return the read units and the rule applied
   * @throws IllegalArgumentException if a size is negative or over 409,600, or consistency is transactional
   */
  public static CapacityEstimate query(ReadConsistency consistency, long... itemSizesBytes) {
    return paged("Query", consistency, itemSizesBytes, null);
  }

  /**
   * Scan evaluating items of the given sizes (every item read counts, whether or not a filter returns it):
   * summed then rounded up to 4 KB per 1 MB page.
   *
   * @param consistency EVENTUAL or STRONG
   * @param evaluatedItemSizesBytes the sizes of all items the scan reads, returned or filtered out
   * @return the read units and the rule applied
   * @throws IllegalArgumentException if a size is negative or over 409,600, or consistency is transactional
   */
  public static CapacityEstimate scan(ReadConsistency consistency, long... evaluatedItemSizesBytes) {
    return paged("Scan", consistency, evaluatedItemSizesBytes, null);
  }

  /**
   * Query on a global secondary index: projected entry sizes summed, rounded per page; GSIs serve only eventually
   * consistent reads.
   *
   * @param consistency must be EVENTUAL
   * @param projectedEntrySizesBytes the sizes of the index entries read (index key, table key and projected attributes)
   * @return the read units and the rule applied
   * @throws IllegalArgumentException if a size is negative or over 409,600, or consistency is not
   *     {@link ReadConsistency#EVENTUAL}
   */
  public static CapacityEstimate globalIndexQuery(ReadConsistency consistency, long... projectedEntrySizesBytes) {
    if (consistency != ReadConsistency.EVENTUAL) {
      throw new IllegalArgumentException("global secondary indexes support only EVENTUAL reads, was " + consistency);
    }
    return paged("Query(GSI)", consistency, projectedEntrySizesBytes, null);
  }

  /**
   * Query on a local secondary index. If {@code fetchedBaseItemSizesBytes} is non-null, the query asked for
   * attributes that are not projected, and each entry also reads the whole base-table item of the given size
   * (same order, same length); per page, the index entries are summed and rounded up to 4 KB, and each fetched
   * base item is charged in full, rounded up to 4 KB on its own.
   *
   * @param consistency EVENTUAL or STRONG
   * @param entrySizesBytes the sizes of the index entries read
   * @param fetchedBaseItemSizesBytes the full size of the base-table item behind each entry, or null if the query
   *     asks only for projected attributes
   * @return the read units and the rule applied
   * @throws IllegalArgumentException if a size is out of range, the arrays differ in length, or consistency is
   *     transactional
   */
  public static CapacityEstimate localIndexQuery(ReadConsistency consistency, long[] entrySizesBytes,
      long[] fetchedBaseItemSizesBytes) {
    Objects.requireNonNull(entrySizesBytes, "entrySizesBytes");
    if (fetchedBaseItemSizesBytes != null && fetchedBaseItemSizesBytes.length != entrySizesBytes.length) {
      throw new IllegalArgumentException("fetchedBaseItemSizesBytes must have one size per entry ("
          + entrySizesBytes.length + "), was " + fetchedBaseItemSizesBytes.length);
    }
    return paged(fetchedBaseItemSizesBytes == null ? "Query(LSI)" : "Query(LSI+fetch)", consistency,
        entrySizesBytes, fetchedBaseItemSizesBytes);
  }

  private static CapacityEstimate paged(String op, ReadConsistency consistency, long[] sizes, long[] fetched) {
    notTransactional(consistency, op);
    for (int i = 0; i < sizes.length; i++) {
      checkSize("itemSizeBytes", sizes[i]);
      if (fetched != null) {
        checkSize("fetchedBaseItemSizeBytes", fetched[i]);
      }
    }
    return PagedReads.estimate(op, consistency.unitsPer4Kb(), consistency.label(), sizes, fetched);
  }

  /**
   * PutItem: the larger of the existing item ({@code 0} if none) and the new item, rounded up to 1 KB.
   *
   * @param newItemSizeBytes the size of the item written
   * @param existingItemSizeBytes the size of the item replaced, 0 if none
   * @param mode STANDARD, or TRANSACTIONAL inside TransactWriteItems
   * @return the write units and the rule applied
   * @throws IllegalArgumentException if a size is negative or over 409,600
   */
  public static CapacityEstimate putItem(long newItemSizeBytes, long existingItemSizeBytes, WriteMode mode) {
    return larger("PutItem", newItemSizeBytes, existingItemSizeBytes, mode);
  }

  /**
   * UpdateItem: the larger of the item before ({@code 0} if none) and after the update, rounded up to 1 KB.
   *
   * @param itemSizeBeforeBytes the item size before the update, 0 if the update creates the item
   * @param itemSizeAfterBytes the item size after the update
   * @param mode STANDARD, or TRANSACTIONAL inside TransactWriteItems
   * @return the write units and the rule applied
   * @throws IllegalArgumentException if a size is negative or over 409,600
   */
  public static CapacityEstimate updateItem(long itemSizeBeforeBytes, long itemSizeAfterBytes, WriteMode mode) {
    return larger("UpdateItem", itemSizeAfterBytes, itemSizeBeforeBytes, mode);
  }

  private static CapacityEstimate larger(String op, long newSize, long oldSize, WriteMode mode) {
    checkSize("newItemSizeBytes", newSize);
    checkSize("existingItemSizeBytes", oldSize);
    Objects.requireNonNull(mode, "mode");
    long size = Math.max(newSize, oldSize);
    long units = writeUnits(size);
    return CapacityEstimate.builder(op).chargedBytes(size).writeUnits(units, mode.unitsPer1Kb())
        .rule(op + ": larger of old (" + oldSize + ") and new (" + newSize + ") item = " + size
            + " bytes rounded up to 1 KB = " + units + " units x " + mode.unitsPer1Kb() + " (" + mode.label() + ")")
        .build();
  }

  /**
   * DeleteItem: the deleted item's size rounded up to 1 KB ({@code 0}, no item: still 1 unit).
   *
   * @param deletedItemSizeBytes the size of the deleted item, 0 if there was none
   * @param mode STANDARD, or TRANSACTIONAL inside TransactWriteItems
   * @return the write units and the rule applied
   * @throws IllegalArgumentException if the size is negative or over 409,600
   */
  public static CapacityEstimate deleteItem(long deletedItemSizeBytes, WriteMode mode) {
    checkSize("deletedItemSizeBytes", deletedItemSizeBytes);
    Objects.requireNonNull(mode, "mode");
    long units = writeUnits(deletedItemSizeBytes);
    return CapacityEstimate.builder("DeleteItem").chargedBytes(deletedItemSizeBytes)
        .writeUnits(units, mode.unitsPer1Kb())
        .rule("DeleteItem: deleted item " + deletedItemSizeBytes + " bytes rounded up to 1 KB = " + units
            + " units x " + mode.unitsPer1Kb() + " (" + mode.label() + ")")
        .build();
  }

  /**
   * A conditional PutItem, UpdateItem or DeleteItem whose condition failed: still charged, on the size of the
   * existing item ({@code 0} if none: 1 unit).
   *
   * @param existingItemSizeBytes the size of the item the condition was evaluated on, 0 if none
   * @return the write units and the rule applied
   * @throws IllegalArgumentException if the size is negative or over 409,600
   */
  public static CapacityEstimate failedConditionalWrite(long existingItemSizeBytes) {
    checkSize("existingItemSizeBytes", existingItemSizeBytes);
    long units = writeUnits(existingItemSizeBytes);
    return CapacityEstimate.builder("ConditionalCheckFailed").chargedBytes(existingItemSizeBytes)
        .writeUnits(units, 1)
        .rule("failed conditional write: existing item " + existingItemSizeBytes + " bytes rounded up to 1 KB = "
            + units + " units (the write is charged although nothing is written)")
        .build();
  }

  /**
   * BatchWriteItem of any number of puts and deletes: each rounded up to 1 KB, then summed, sent as the batch
   * writer sends them: requests of at most {@value BatchWriter#MAX_BATCH_OPERATIONS} items (25 valid items never
   * reach the 16 MB request limit). DynamoDB processes each element as an individual PutItem or DeleteItem, so pass
   * for a put the larger of the new item and the item it replaces, and for a delete the deleted item's size (0 if
   * none: still 1 unit).
   *
   * @param itemSizesBytes per put the larger of the new and replaced item, per delete the deleted item
   * @return the write units, the requests and the rule applied
   * @throws IllegalArgumentException if a size is out of range
   */
  public static CapacityEstimate batchWriteItem(long... itemSizesBytes) {
    long units = sumWriteUnits(itemSizesBytes);
    int requests = (itemSizesBytes.length + BatchWriter.MAX_BATCH_OPERATIONS - 1) / BatchWriter.MAX_BATCH_OPERATIONS;
    return CapacityEstimate.builder("BatchWriteItem").chargedBytes(sum(itemSizesBytes)).writeUnits(units, 1)
        .requests(requests)
        .rule("BatchWriteItem: " + itemSizesBytes.length + " items each rounded up to 1 KB = " + units + " units"
            + requestsNote(requests))
        .build();
  }

  /**
   * TransactWriteItems: each item (for puts and updates the larger of old and new) rounded up to 1 KB, at
   * 2 units per KB. A transaction is atomic and cannot be split into several requests.
   *
   * @param itemSizesBytes per put or update the larger of the item before and after, per delete the deleted
   *     item; at most 100
   * @return the write units and the rule applied
   * @throws IllegalArgumentException if a size is out of range or more than 100 items are given
   */
  public static CapacityEstimate transactWriteItems(long... itemSizesBytes) {
    checkTransaction("TransactWriteItems", itemSizesBytes.length);
    long units = sumWriteUnits(itemSizesBytes);
    return CapacityEstimate.builder("TransactWriteItems").chargedBytes(sum(itemSizesBytes)).writeUnits(units, 2)
        .rule("TransactWriteItems: " + itemSizesBytes.length + " items each rounded up to 1 KB = " + units
            + " units x 2.0 (transactional)")
        .build();
  }

  /**
   * TransactGetItems: each item rounded up to 4 KB, at 2 units per 4 KB. A transaction is atomic and cannot be
   * split into several requests.
   *
   * @param itemSizesBytes the size of each item read, 0 for an item not found; at most 100
   * @return the read units and the rule applied
   * @throws IllegalArgumentException if a size is out of range or more than 100 items are given
   */
  public static CapacityEstimate transactGetItems(long... itemSizesBytes) {
    checkTransaction("TransactGetItems", itemSizesBytes.length);
    long units = 0;
    for (long size : itemSizesBytes) {
      checkSize("itemSizeBytes", size);
      units += readUnits(size);
    }
    return CapacityEstimate.builder("TransactGetItems").chargedBytes(sum(itemSizesBytes)).readUnits(units, 2)
        .rule("TransactGetItems: " + itemSizesBytes.length + " items each rounded up to 4 KB = " + units
            + " units x 2.0 (transactional)")
        .build();
  }

  private static void checkTransaction(String op, int items) {
    if (items > MAX_TRANSACTION_ITEMS) {
      throw new IllegalArgumentException(op + " takes at most " + MAX_TRANSACTION_ITEMS + " items, was " + items);
    }
  }

  private static long sumWriteUnits(long[] itemSizesBytes) {
    long units = 0;
    for (long size : itemSizesBytes) {
      checkSize("itemSizeBytes", size);
      units += writeUnits(size);
    }
    return units;
  }

  private static long sum(long[] sizes) {
    long total = 0;
    for (long size : sizes) {
      total += size;
    }
    return total;
  }

  private static String requestsNote(int requests) {
    return requests > 1 ? ", in " + requests + " requests" : "";
  }

  /**
   * Index writes a table write causes on one global secondary index, assuming that a write which keeps the item
   * in the index under the same index key changes at least one projected attribute (1 write). Use
   * {@link #globalIndexWrite(long, long, boolean, boolean)} when it may change none (0 writes).
   *
   * @param entrySizeBeforeBytes projected index entry size before the write, 0 if the item was not in the index
   *     (the index key attribute absent)
   * @param entrySizeAfterBytes projected index entry size after the write, 0 if the item is not in the index
   * @param indexKeyChanged whether the index key value changed (only meaningful if both sizes are non-zero)
   * @return the index write units, with the case applied in {@link CapacityEstimate#rule()}
   * @throws IllegalArgumentException if a size is negative or over 409,600
   */
  public static CapacityEstimate globalIndexWrite(long entrySizeBeforeBytes, long entrySizeAfterBytes,
      boolean indexKeyChanged) {
    return globalIndexWrite(entrySizeBeforeBytes, entrySizeAfterBytes, indexKeyChanged, true);
  }

  /**
   * Index writes a table write causes on one global secondary index. The index is written only if the write
   * affects it (source: "Using Global Secondary Indexes in DynamoDB", section "Writes to a global secondary
   * index", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html): an item in the index
   * before and after, under the same index key, whose projected attributes did not change (for example a
   * KEYS_ONLY index and an update of a non-key attribute) costs 0 index writes.
   *
   * @param entrySizeBeforeBytes projected index entry size before the write, 0 if the item was not in the index
   *     (the index key attribute absent)
   * @param entrySizeAfterBytes projected index entry size after the write, 0 if the item is not in the index
   * @param indexKeyChanged whether the index key value changed (only meaningful if both sizes are non-zero)
   * @param projectedAttributesChanged whether a projected non-key attribute changed (only meaningful if both
   *     sizes are non-zero and the index key did not change)
   * @return the index write units, with the case applied in {@link CapacityEstimate#rule()}
   * @throws IllegalArgumentException if a size is negative or over 409,600
   */
  public static CapacityEstimate globalIndexWrite(long entrySizeBeforeBytes, long entrySizeAfterBytes,
      boolean indexKeyChanged, boolean projectedAttributesChanged) {
    checkSize("entrySizeBeforeBytes", entrySizeBeforeBytes);
    checkSize("entrySizeAfterBytes", entrySizeAfterBytes);
    boolean before = entrySizeBeforeBytes > 0;
    boolean after = entrySizeAfterBytes > 0;
    if (!before && !after) {
      return gsiWrite(0, 0, "item in the index neither before nor after = 0 writes");
    }
    if (!before) {
      long units = writeUnits(entrySizeAfterBytes);
      return gsiWrite(units, entrySizeAfterBytes, "indexed key appears, 1 put of " + entrySizeAfterBytes
          + " projected bytes rounded up to 1 KB = " + units + " units");
    }
    if (!after) {
      long units = writeUnits(entrySizeBeforeBytes);
      return gsiWrite(units, entrySizeBeforeBytes, "indexed key disappears, 1 delete of " + entrySizeBeforeBytes
          + " projected bytes rounded up to 1 KB = " + units + " units");
    }
    if (indexKeyChanged) {
      long units = writeUnits(entrySizeBeforeBytes) + writeUnits(entrySizeAfterBytes);
      return gsiWrite(units, entrySizeBeforeBytes + entrySizeAfterBytes, "index key value changes, 2 writes (delete "
          + entrySizeBeforeBytes + " + put " + entrySizeAfterBytes + " projected bytes, each rounded up to 1 KB) = "
          + units + " units");
    }
    if (!projectedAttributesChanged) {
      return gsiWrite(0, 0, "index key and projected attributes unchanged, index not affected = 0 writes");
    }
    long larger = Math.max(entrySizeBeforeBytes, entrySizeAfterBytes);
    long units = writeUnits(larger);
    return gsiWrite(units, larger, "index key unchanged, 1 update, larger of old (" + entrySizeBeforeBytes
        + ") and new (" + entrySizeAfterBytes + ") projected entry = " + larger + " bytes rounded up to 1 KB = "
        + units + " units");
  }

  private static CapacityEstimate gsiWrite(long units, long chargedBytes, String rule) {
    return CapacityEstimate.builder("GSIWrite").chargedBytes(chargedBytes).writeUnits(units, 1)
        .rule("GSI write: " + rule).build();
  }

  /**
   * Read units (before the consistency factor) for a size: ceil(size / 4 KB), at least 1.
   *
   * @param sizeBytes the bytes read, at least 0
   * @return the read units, at least 1
   */
  public static long readUnits(long sizeBytes) {
    return Math.max(1, (sizeBytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
  }

  /**
   * Write units (before the transactional factor) for a size: ceil(size / 1 KB), at least 1.
   *
   * @param sizeBytes the bytes written, at least 0
   * @return the write units, at least 1
   */
  public static long writeUnits(long sizeBytes) {
    return Math.max(1, (sizeBytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
  }

  private static String describeRead(long size, long units, ReadConsistency c) {
    return (size == 0 ? "item not found, minimum" : size + " bytes rounded up to 4 KB =") + " " + units
        + " units x " + c.unitsPer4Kb() + " (" + c.label() + ")";
  }

  private static void notTransactional(ReadConsistency consistency, String op) {
    Objects.requireNonNull(consistency, "consistency");
    if (consistency == ReadConsistency.TRANSACTIONAL) {
      throw new IllegalArgumentException(op + " supports EVENTUAL or STRONG reads, was TRANSACTIONAL"
          + " (use transactGetItems)");
    }
  }

  static void checkSize(String name, long size) {
    if (size < 0 || size > ItemSize.MAX_ITEM_SIZE_BYTES) {
      throw new IllegalArgumentException(name + " must be between 0 and " + ItemSize.MAX_ITEM_SIZE_BYTES
          + ", was " + size);
    }
  }
}
