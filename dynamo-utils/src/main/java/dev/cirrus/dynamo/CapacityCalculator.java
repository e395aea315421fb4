package dev.cirrus.dynamo;

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
 *   <li>GetItem: one item rounded; BatchGetItem: each item rounded, then summed;</li>
 *   <li>Query and Scan: the sizes of all items read (for Scan, evaluated, not only returned; filters do not
 *       reduce cost) summed, then rounded, separately for each page of at most 1 MB read (the guide does not say
 *       on which page an item crossing the 1 MB mark is counted; Cirrus starts the next page with it);</li>
 *   <li>PutItem/UpdateItem: the larger of the item before and after; DeleteItem: the deleted item;
 *       BatchWriteItem: each item rounded, then summed; a failed conditional write: the existing item's size
 *       (1 unit if there is none);</li>
 *   <li>TransactWriteItems / TransactGetItems: each item rounded, at the transactional price;</li>
 *   <li>a global secondary index write costs 0, 1 or 2 index writes on the projected entry size, rounded to 1 KB:
 *       0 if the item is in the index neither before nor after, or stays under the same index key with no
 *       projected attribute changed; 1 to add or remove the entry or to update projected attributes (an update in
 *       place is charged, like UpdateItem, on the larger of the old and new entry); 2 if the index key value
 *       changes (delete the old entry, put the new one, each rounded on its own);</li>
 *   <li>index queries are charged on the projected entry sizes; a local secondary index query that asks for
 *       attributes not projected also reads the whole base item for every entry, charged to the table: Cirrus sums
 *       the fetched items' full sizes per page and rounds that sum up to 4 KB separately from the index entries
 *       (DynamoDB attributes the two to different resources in ConsumedCapacity; the guide does not say whether
 *       each fetched item is rounded on its own, which would cost more).</li>
 * </ul>
 *
 * <p>Sizes are item sizes as computed by {@link ItemSize}; 0 means "no item". This class is stateless and
 * thread-safe.
 */
public final class CapacityCalculator {
  /** Bytes per read unit: 4 KB. */
  public static final int READ_UNIT_BYTES = 4096;
  /** Bytes per write unit: 1 KB. */
  public static final int WRITE_UNIT_BYTES = 1024;
  /** Data read per Query or Scan page: 1 MB. */
  public static final int PAGE_BYTES = 1024 * 1024;

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
    return new CapacityEstimate("GetItem", units * consistency.unitsPer4Kb(), 0,
        "GetItem: " + describeRead(itemSizeBytes, units, consistency));
  }

  /**
   * BatchGetItem: each item rounded up to 4 KB, then summed (0 for a key not found costs one unit).
   *
   * @param consistency EVENTUAL or STRONG
   * @param itemSizesBytes the size of each item requested, 0 for a key not found; at most 100
   * @return the read units and the rule applied
   * @throws IllegalArgumentException if a size is negative or over 409,600, more than 100 keys are given, or
   *     consistency is transactional
   */
  public static CapacityEstimate batchGetItem(ReadConsistency consistency, long... itemSizesBytes) {
    notTransactional(consistency, "BatchGetItem");
    if (itemSizesBytes.length > 100) {
      throw new IllegalArgumentException("BatchGetItem takes at most 100 keys, was " + itemSizesBytes.length);
    }
    long units = 0;
    for (long size : itemSizesBytes) {
      checkSize("itemSizeBytes", size);
      units += readUnits(size);
    }
    return new CapacityEstimate("BatchGetItem", units * consistency.unitsPer4Kb(), 0,
        "BatchGetItem: " + itemSizesBytes.length + " items each rounded up to 4 KB = " + units + " units x "
            + consistency.unitsPer4Kb() + " (" + consistency.label() + ")");
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
   * (same order, same length); per page, the index entries and the fetched items are each summed and rounded up
   * to 4 KB, and the two unit counts added.
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
    Objects.requireNonNull(consistency, "consistency");
    notTransactional(consistency, op);
    long units = 0;
    long pageBytes = 0;
    long pageEntryBytes = 0;
    long pageFetchedBytes = 0;
    int pageEntries = 0;
    long totalBytes = 0;
    long totalFetchedBytes = 0;
    int pages = 1;
    for (int i = 0; i < sizes.length; i++) {
      checkSize("itemSizeBytes", sizes[i]);
      long fetchedBytes = 0;
      if (fetched != null) {
        checkSize("fetchedBaseItemSizeBytes", fetched[i]);
        fetchedBytes = fetched[i];
      }
      long bytes = sizes[i] + fetchedBytes;
      if (pageBytes > 0 && pageBytes + bytes > PAGE_BYTES) {
        units += pageUnits(pageEntryBytes, pageFetchedBytes, pageEntries, fetched != null);
        pageBytes = 0;
        pageEntryBytes = 0;
        pageFetchedBytes = 0;
        pageEntries = 0;
        pages++;
      }
      pageBytes += bytes;
      pageEntryBytes += sizes[i];
      pageFetchedBytes += fetchedBytes;
      pageEntries++;
      totalBytes += sizes[i];
      totalFetchedBytes += fetchedBytes;
    }
    units += pageUnits(pageEntryBytes, pageFetchedBytes, pageEntries, fetched != null);
    String summed = fetched == null ? totalBytes + " bytes summed then rounded up to 4 KB"
        : totalBytes + " index bytes and " + totalFetchedBytes + " fetched base-item bytes, each summed then rounded"
            + " up to 4 KB";
    return new CapacityEstimate(op, units * consistency.unitsPer4Kb(), 0,
        op + ": " + sizes.length + " items, " + summed
            + (pages > 1 ? " per 1 MB page (" + pages + " pages)" : "") + " = " + units + " units x "
            + consistency.unitsPer4Kb() + " (" + consistency.label() + ")");
  }

  /**
   * One page's units. Base items fetched for a local secondary index query are charged to the table, apart from
   * the index entries (DynamoDB reports the two separately in ConsumedCapacity), so each sum is rounded on its
   * own; a page that fetched nothing costs nothing on the table.
   */
  private static long pageUnits(long entryBytes, long fetchedBytes, int entries, boolean fetching) {
    long units = readUnits(entryBytes);
    if (fetching && entries > 0) {
      units += readUnits(fetchedBytes);
    }
    return units;
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
    return new CapacityEstimate(op, 0, units * mode.unitsPer1Kb(),
        op + ": larger of old (" + oldSize + ") and new (" + newSize + ") item = " + size
            + " bytes rounded up to 1 KB = " + units + " units x " + mode.unitsPer1Kb() + " (" + mode.label() + ")");
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
    return new CapacityEstimate("DeleteItem", 0, units * mode.unitsPer1Kb(),
        "DeleteItem: deleted item " + deletedItemSizeBytes + " bytes rounded up to 1 KB = " + units + " units x "
            + mode.unitsPer1Kb() + " (" + mode.label() + ")");
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
    return new CapacityEstimate("ConditionalCheckFailed", 0, units,
        "failed conditional write: existing item " + existingItemSizeBytes + " bytes rounded up to 1 KB = "
            + units + " units (the write is charged although nothing is written)");
  }

  /**
   * BatchWriteItem: each put or delete rounded up to 1 KB, then summed. DynamoDB processes each element as an
   * individual PutItem or DeleteItem, so pass for a put the larger of the new item and the item it replaces, and
   * for a delete the deleted item's size (0 if none: still 1 unit).
   *
   * @param itemSizesBytes per put the larger of the new and replaced item, per delete the deleted item; at most 25
   * @return the write units and the rule applied
   * @throws IllegalArgumentException if a size is out of range or more than 25 items are given
   */
  public static CapacityEstimate batchWriteItem(long... itemSizesBytes) {
    if (itemSizesBytes.length > 25) {
      throw new IllegalArgumentException("BatchWriteItem takes at most 25 items, was " + itemSizesBytes.length);
    }
    long units = 0;
    for (long size : itemSizesBytes) {
      checkSize("itemSizeBytes", size);
      units += writeUnits(size);
    }
    return new CapacityEstimate("BatchWriteItem", 0, units,
        "BatchWriteItem: " + itemSizesBytes.length + " items each rounded up to 1 KB = " + units + " units");
  }

  /**
   * TransactWriteItems: each item (for puts and updates the larger of old and new) rounded up to 1 KB, at
   * 2 units per KB.
   *
   * @param itemSizesBytes per put or update the larger of the item before and after, per delete the deleted
   *     item; at most 100
   * @return the write units and the rule applied
   * @throws IllegalArgumentException if a size is out of range or more than 100 items are given
   */
  public static CapacityEstimate transactWriteItems(long... itemSizesBytes) {
    if (itemSizesBytes.length > 100) {
      throw new IllegalArgumentException("TransactWriteItems takes at most 100 items, was " + itemSizesBytes.length);
    }
    long units = 0;
    for (long size : itemSizesBytes) {
      checkSize("itemSizeBytes", size);
      units += writeUnits(size);
    }
    return new CapacityEstimate("TransactWriteItems", 0, units * 2.0,
        "TransactWriteItems: " + itemSizesBytes.length + " items each rounded up to 1 KB = " + units
            + " units x 2.0 (transactional)");
  }

  /**
   * TransactGetItems: each item rounded up to 4 KB, at 2 units per 4 KB.
   *
   * @param itemSizesBytes the size of each item read, 0 for an item not found; at most 100
   * @return the read units and the rule applied
   * @throws IllegalArgumentException if a size is out of range or more than 100 items are given
   */
  public static CapacityEstimate transactGetItems(long... itemSizesBytes) {
    if (itemSizesBytes.length > 100) {
      throw new IllegalArgumentException("TransactGetItems takes at most 100 items, was " + itemSizesBytes.length);
    }
    long units = 0;
    for (long size : itemSizesBytes) {
      checkSize("itemSizeBytes", size);
      units += readUnits(size);
    }
    return new CapacityEstimate("TransactGetItems", units * 2.0, 0,
        "TransactGetItems: " + itemSizesBytes.length + " items each rounded up to 4 KB = " + units
            + " units x 2.0 (transactional)");
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
      return new CapacityEstimate("GSIWrite", 0, 0, "GSI write: item in the index neither before nor after = 0 writes");
    }
    if (!before) {
      long units = writeUnits(entrySizeAfterBytes);
      return new CapacityEstimate("GSIWrite", 0, units, "GSI write: indexed key appears, 1 put of "
          + entrySizeAfterBytes + " projected bytes rounded up to 1 KB = " + units + " units");
    }
    if (!after) {
      long units = writeUnits(entrySizeBeforeBytes);
      return new CapacityEstimate("GSIWrite", 0, units, "GSI write: indexed key disappears, 1 delete of "
          + entrySizeBeforeBytes + " projected bytes rounded up to 1 KB = " + units + " units");
    }
    if (indexKeyChanged) {
      long units = writeUnits(entrySizeBeforeBytes) + writeUnits(entrySizeAfterBytes);
      return new CapacityEstimate("GSIWrite", 0, units, "GSI write: index key value changes, 2 writes (delete "
          + entrySizeBeforeBytes + " + put " + entrySizeAfterBytes + " projected bytes, each rounded up to 1 KB) = "
          + units + " units");
    }
    if (!projectedAttributesChanged) {
      return new CapacityEstimate("GSIWrite", 0, 0,
          "GSI write: index key and projected attributes unchanged, index not affected = 0 writes");
    }
    long larger = Math.max(entrySizeBeforeBytes, entrySizeAfterBytes);
    long units = writeUnits(larger);
    return new CapacityEstimate("GSIWrite", 0, units, "GSI write: index key unchanged, 1 update, larger of old ("
        + entrySizeBeforeBytes + ") and new (" + entrySizeAfterBytes + ") projected entry = " + larger
        + " bytes rounded up to 1 KB = " + units + " units");
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
