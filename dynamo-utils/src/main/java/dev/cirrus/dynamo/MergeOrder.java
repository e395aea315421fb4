package dev.cirrus.dynamo;

/**
 * How {@link ScatterGatherQuery} merges the items of all shards.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum MergeOrder {
  /** Shard by shard (shard 0 first), each in ascending sort-key order; cheapest, no global order. */
  UNORDERED,
  /** One sequence in ascending sort-key order across all shards (k-way merge). */
  ASCENDING,
  /** One sequence in descending sort-key order across all shards (k-way merge). */
  DESCENDING
}
