package dev.cirrus.dynamo;

/**
 * A table's provisioned capacity divided evenly over its partitions, from
 * {@link CapacityPlanner#perPartition(long, long, long)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param partitions the number of partitions
 * @param readUnitsPerPartition each partition's share of the table's RCU
 * @param writeUnitsPerPartition each partition's share of the table's WCU
 * @param partitionLoad each partition's share against one partition's limits: reads / 3,000 + writes / 1,000;
 *     above 1 a partition could not serve its share even with perfectly uniform keys
 */
public record PartitionSplit(long partitions, double readUnitsPerPartition, double writeUnitsPerPartition,
                             double partitionLoad) {

  /** {@return whether one partition's share is more than a partition can serve} */
  public boolean overPartitionLimit() {
    return partitionLoad > 1;
  }
}
