package dev.cirrus.dynamo;

/**
 * Whether one partition key value can carry its traffic, and how many write shards it needs.
 *
 * <p>One partition key value lives in one partition, which serves at most 3,000 read units and 1,000 write units
 * per second (source: "Best practices for designing and using partition keys effectively",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html). Write sharding
 * ({@link WriteSharding}) spreads writes over {@code recommendedWriteShards} key values; reads of the whole
 * logical key then fan out to that many queries.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param requiredWriteUnitsPerSecond write units per second the key needs
 * @param requiredReadUnitsPerSecond read units per second the key needs
 * @param partitionWriteLimit 1,000 write units per second
 * @param partitionReadLimit 3,000 read units per second
 * @param targetUtilization fraction of a partition's limit a shard may use
 * @param recommendedWriteShards shards so each stays within the target share of the write limit (1 = no sharding)
 * @param readsExceedPartition whether the key's reads alone exceed the target share of one partition (sharding
 *     writes does not help reads of one item: cache them or use eventually consistent reads)
 * @param explanation the computation in words
 */
public record HotKeyAdvice(double requiredWriteUnitsPerSecond, double requiredReadUnitsPerSecond,
                           int partitionWriteLimit, int partitionReadLimit, double targetUtilization,
                           int recommendedWriteShards, boolean readsExceedPartition, String explanation) {
}
