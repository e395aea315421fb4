package dev.cirrus.dynamo;

/**
 * How {@link WriteSharding} chooses the suffix of a sharded partition key.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum ShardStrategy {
  /**
   * A uniformly random shard per write. Spreads writes best, but an item's shard cannot be recomputed: reading
   * one item means querying all shards.
   */
  RANDOM,
  /**
   * A shard computed from a chosen attribute (e.g. an order id) with a stable, well-distributed 64-bit hash (FNV-1a
   * over UTF-8, MurmurHash3 fmix64 finaliser) modulo the shard count. The same id always maps to the same shard,
   * in every JVM and every Cirrus release, so a known item is one GetItem away.
   */
  CALCULATED,
  /**
   * COMPATIBILITY ONLY, SKEWED: the product of the id's Unicode code points modulo the shard count, the example
   * formula in AWS's write-sharding guidance. Products of many code points collect the factors of the shard
   * count (any even code point makes the product even), so most ids land in shard 0 and few shards take almost
   * all writes. Use only to read or write tables already laid out with that formula.
   */
  PRODUCT_OF_CODE_POINTS
}
