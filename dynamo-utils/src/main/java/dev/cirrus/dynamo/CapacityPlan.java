package dev.cirrus.dynamo;

import java.util.List;

/**
 * The output of {@link CapacityPlanner#plan}: capacity for both modes, their monthly cost and warnings.
 *
 * <p>Instances are immutable (the lists are copied) and thread-safe.
 *
 * @param readUnitsPerSecond table read units consumed per second at the workload's rates
 * @param writeUnitsPerSecond table write units consumed per second (including transactional doubling)
 * @param indexes per global secondary index: units consumed and provisioned
 * @param provisionedRcu table RCU to provision: consumed / target utilisation, rounded up, at least 1
 * @param provisionedWcu table WCU to provision: consumed / target utilisation, rounded up, at least 1
 * @param targetUtilization the auto-scaling target utilisation applied (1.0 = none)
 * @param onDemandReadRequestUnitsPerMonth read request units per month in on-demand mode (table and indexes)
 * @param onDemandWriteRequestUnitsPerMonth write request units per month in on-demand mode (table and indexes)
 * @param provisionedMonthlyUsd monthly cost of the provisioned capacity (table and indexes, at each index's exact
 *     {@code provisionedWcu})
 * @param onDemandMonthlyUsd monthly cost in on-demand mode (table and indexes)
 * @param historicalPartitionEstimate partitions by the HISTORICAL heuristic {@code max(ceil(RCU/3000 + WCU/1000),
 *     ceil(GB/10))} from DynamoDB's pre-2018 documentation; DynamoDB now splits partitions adaptively, so this
 *     number is for intuition about per-partition limits only, not what a table actually has
 * @param warnings quota and limit warnings, empty if none
 * @param prices the price table used
 */
public record CapacityPlan(double readUnitsPerSecond, double writeUnitsPerSecond, List<IndexPlan> indexes,
                           long provisionedRcu, long provisionedWcu, double targetUtilization,
                           double onDemandReadRequestUnitsPerMonth, double onDemandWriteRequestUnitsPerMonth,
                           double provisionedMonthlyUsd, double onDemandMonthlyUsd, long historicalPartitionEstimate,
                           List<String> warnings, PriceTable prices) {

  /**
   * Copies the lists.
   *
   * @param readUnitsPerSecond table read units consumed per second at the workload's rates
   * @param writeUnitsPerSecond table write units consumed per second (including transactional doubling)
   * @param indexes per global secondary index: units consumed and provisioned
   * @param provisionedRcu table RCU to provision: consumed / target utilisation, rounded up, at least 1
   * @param provisionedWcu table WCU to provision: consumed / target utilisation, rounded up, at least 1
   * @param targetUtilization the auto-scaling target utilisation applied (1.0 = none)
   * @param onDemandReadRequestUnitsPerMonth read request units per month in on-demand mode (table and indexes)
   * @param onDemandWriteRequestUnitsPerMonth write request units per month in on-demand mode (table and indexes)
   * @param provisionedMonthlyUsd monthly cost of the provisioned capacity (table and indexes)
   * @param onDemandMonthlyUsd monthly cost in on-demand mode (table and indexes)
   * @param historicalPartitionEstimate partitions by the HISTORICAL heuristic (see above), not what a table has
   * @param warnings quota and limit warnings, empty if none
   * @param prices the price table used
   */
  public CapacityPlan {
    indexes = List.copyOf(indexes);
    warnings = List.copyOf(warnings);
  }

  /** {@return whether on-demand is cheaper than provisioned for this steady workload} */
  public boolean onDemandIsCheaper() {
    return onDemandMonthlyUsd < provisionedMonthlyUsd;
  }

  /**
   * Capacity for one global secondary index.
   *
   * @param name index name
   * @param readUnitsPerSecond read units consumed per second
   * @param writeUnitsPerSecond write units consumed per second
   * @param provisionedRcu RCU to provision at the target utilisation
   * @param provisionedWcu WCU the index's own writes need at the target utilisation (the exact figure)
   * @param recommendedWcu the larger of {@code provisionedWcu} and the table's WCU: AWS recommends GSI write
   *     capacity at least the table's, because a throttled index throttles writes to the table
   */
  public record IndexPlan(String name, double readUnitsPerSecond, double writeUnitsPerSecond, long provisionedRcu,
                          long provisionedWcu, long recommendedWcu) {

    /**
     * An index plan whose recommended WCU is its exact WCU.
     *
     * @param name index name
     * @param readUnitsPerSecond read units consumed per second
     * @param writeUnitsPerSecond write units consumed per second
     * @param provisionedRcu RCU to provision at the target utilisation
     * @param provisionedWcu WCU to provision at the target utilisation
     */
    public IndexPlan(String name, double readUnitsPerSecond, double writeUnitsPerSecond, long provisionedRcu,
        long provisionedWcu) {
      this(name, readUnitsPerSecond, writeUnitsPerSecond, provisionedRcu, provisionedWcu, provisionedWcu);
    }
  }
}
