package dev.cirrus.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link Workload} into provisioned and on-demand capacity, monthly cost, table limits and hot-key advice.
 *
 * <p>Limits used (source: "Constraints in Amazon DynamoDB", Read/write capacity mode and throughput, and
 * "Best practices for designing and using partition keys effectively"):
 * <ul>
 *   <li>per partition: 3,000 read units and 1,000 write units per second;</li>
 *   <li>per table, default account quota: 40,000 read units and 40,000 write units (raisable through Service
 *       Quotas; override with the {@code tableQuotaUnits} argument).</li>
 * </ul>
 * The historical partition-count heuristic ({@code max(ceil(RCU/3000 + WCU/1000), ceil(GB/10))}) appeared in
 * older DynamoDB documentation and is reported only as {@link CapacityPlan#historicalPartitionEstimate()}, clearly
 * labelled; DynamoDB now splits partitions adaptively.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class CapacityPlanner {
  /** Read units per second one partition serves. */
  public static final int PARTITION_READ_UNITS = 3000;
  /** Write units per second one partition serves. */
  public static final int PARTITION_WRITE_UNITS = 1000;
  /** Default per-table quota of read units and of write units per second. */
  public static final long DEFAULT_TABLE_QUOTA_UNITS = 40_000;
  /**
   * The largest capacity figure the planner returns: 2^53, the largest integer a {@code double} holds exactly.
   * A workload that needs more is rejected with a message naming its rate, never saturated.
   */
  public static final long MAX_EXACT_UNITS = 1L << 53;
  /** The item-collection limit on a table with local secondary indexes: 10 GB. */
  public static final double ITEM_COLLECTION_LIMIT_GB = 10;
  /** The item-collection size from which the planner warns: 80% of the 10 GB limit. */
  public static final double ITEM_COLLECTION_WARNING_GB = 8;

  private CapacityPlanner() {
  }

  /**
   * Plans with us-east-1 prices, no target utilisation and the default quota.
   *
   * @param workload the traffic
   * @return the plan
   * @throws NullPointerException if {@code workload} is null
   */
  public static CapacityPlan plan(Workload workload) {
    return plan(workload, 1.0, PriceTable.usEast1(), DEFAULT_TABLE_QUOTA_UNITS);
  }

  /**
   * Plans capacity for a steady workload.
   *
   * @param workload the traffic
   * @param targetUtilization auto-scaling target utilisation: provisioned = consumed / target; 1.0 provisions
   *     exactly what is consumed. Auto scaling accepts 0.2 to 0.9
   * @param prices the price table
   * @param tableQuotaUnits the per-table quota of read and of write units (40,000 by default)
   * @return the plan: capacity and cost for both modes, index capacity, warnings
   * @throws IllegalArgumentException if {@code targetUtilization} is not between 0.2 and 1.0 or the quota is
   *     not positive
   */
  public static CapacityPlan plan(Workload workload, double targetUtilization, PriceTable prices,
      long tableQuotaUnits) {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(prices, "prices");
    if (!(targetUtilization >= 0.2 && targetUtilization <= 1.0)) {
      throw new IllegalArgumentException("targetUtilization must be between 0.2 and 1.0, was " + targetUtilization);
    }
    if (tableQuotaUnits < 1) {
      throw new IllegalArgumentException("tableQuotaUnits must be >= 1, was " + tableQuotaUnits);
    }
    double reads = 0;
    double readRate = 0;
    for (ReadConsistency c : ReadConsistency.values()) {
      reads += workload.readsPerSecond(c) * workload.averageReadUnits() * c.unitsPer4Kb();
      readRate += workload.readsPerSecond(c);
    }
    double share = workload.transactionalWriteShare();
    double writes = workload.writesPerSecond() * workload.averageWriteUnits() * ((1 - share) + 2 * share);
    long rcu = provision("table reads of " + readRate + "/s", reads, targetUtilization);
    long wcu = provision("table writes of " + workload.writesPerSecond() + "/s", writes, targetUtilization);
    List<String> warnings = new ArrayList<>();
    List<CapacityPlan.IndexPlan> indexes = indexPlans(workload, targetUtilization, tableQuotaUnits, wcu, warnings);
    tableWarnings(workload, rcu, wcu, tableQuotaUnits, warnings);
    double indexReads = 0;
    double indexWrites = 0;
    long indexRcu = 0;
    long indexWcu = 0;
    for (CapacityPlan.IndexPlan index : indexes) {
      indexReads += index.readUnitsPerSecond();
      indexWrites += index.writeUnitsPerSecond();
      indexRcu += index.provisionedRcu();
      indexWcu += index.provisionedWcu();
    }
    double secondsPerMonth = prices.hoursPerMonth() * 3600;
    double rruMonth = (reads + indexReads) * secondsPerMonth;
    double wruMonth = (writes + indexWrites) * secondsPerMonth;
    double provisionedUsd = ((rcu + indexRcu) * prices.rcuHourUsd() + (wcu + indexWcu) * prices.wcuHourUsd())
        * prices.hoursPerMonth();
    double onDemandUsd = rruMonth / 1e6 * prices.perMillionReadRequestUnitsUsd()
        + wruMonth / 1e6 * prices.perMillionWriteRequestUnitsUsd();
    long partitions = historicalPartitions(rcu, wcu, workload.tableSizeGb());
    return new CapacityPlan(reads, writes, indexes, rcu, wcu, targetUtilization, rruMonth, wruMonth,
        provisionedUsd, onDemandUsd, partitions, warnings, prices);
  }

  /**
   * Sizes each global secondary index by its own consumption, and recommends at least the table's WCU: a GSI
   * whose writes are throttled throttles the table's writes too, so AWS recommends GSI write capacity equal to or
   * greater than the table's ("Provisioned throughput considerations for Global Secondary Indexes").
   */
  private static List<CapacityPlan.IndexPlan> indexPlans(Workload workload, double target, long quota,
      long tableWcu, List<String> warnings) {
    List<CapacityPlan.IndexPlan> indexes = new ArrayList<>();
    for (Workload.GlobalIndexLoad gsi : workload.globalIndexes()) {
      double r = gsi.readsPerSecond() * CapacityCalculator.readUnits(gsi.projectedEntrySizeBytes()) * 0.5;
      double w = workload.writesPerSecond() * gsi.indexWritesPerTableWrite()
          * CapacityCalculator.writeUnits(gsi.projectedEntrySizeBytes());
      long rcu = provision("index " + gsi.name() + " reads of " + gsi.readsPerSecond() + "/s", r, target);
      long wcu = provision("index " + gsi.name() + " writes", w, target);
      long recommendedWcu = Math.max(wcu, tableWcu);
      indexes.add(new CapacityPlan.IndexPlan(gsi.name(), r, w, rcu, wcu, recommendedWcu));
      if (wcu > quota || rcu > quota) {
        warnings.add("index " + gsi.name() + " needs " + rcu + " RCU / " + wcu + " WCU, over the per-table quota of "
            + quota);
      }
      if (wcu < tableWcu) {
        warnings.add("index " + gsi.name() + " needs " + wcu + " WCU for its own writes, below the table's " + tableWcu
            + " WCU: a throttled global secondary index throttles writes to the table, so AWS recommends at least "
            + "the table's write capacity (recommendedWcu " + recommendedWcu + ")");
      }
    }
    return indexes;
  }

  private static void tableWarnings(Workload workload, long rcu, long wcu, long quota, List<String> warnings) {
    if (rcu > quota) {
      warnings.add("table needs " + rcu + " RCU, over the per-table quota of " + quota
          + " (request an increase through Service Quotas)");
    }
    if (wcu > quota) {
      warnings.add("table needs " + wcu + " WCU, over the per-table quota of " + quota
          + " (request an increase through Service Quotas)");
    }
    double collection = workload.largestItemCollectionGb();
    if (workload.localSecondaryIndexes() > 0 && collection > ITEM_COLLECTION_WARNING_GB) {
      warnings.add("largest item collection is " + collection + " GB" + (collection > ITEM_COLLECTION_LIMIT_GB
          ? ", over" : ", near") + " the " + ITEM_COLLECTION_LIMIT_GB + " GB limit for tables with local secondary"
          + " indexes: writes that grow it past the limit fail with ItemCollectionSizeLimitExceededException"
          + " (spread the partition key, or use a global secondary index instead)");
    }
  }

  /**
   * HISTORICAL heuristic from pre-2018 DynamoDB documentation: {@code max(ceil(RCU/3000 + WCU/1000),
   * ceil(GB/10))}, at least 1. Not what DynamoDB does today; use only to reason about per-partition limits.
   *
   * @param rcu provisioned read capacity units
   * @param wcu provisioned write capacity units
   * @param tableSizeGb table size in GB
   * @return the historical partition estimate, at least 1
   * @throws IllegalArgumentException if an argument is negative
   */
  public static long historicalPartitions(long rcu, long wcu, double tableSizeGb) {
    if (rcu < 0 || wcu < 0) {
      throw new IllegalArgumentException("rcu and wcu must be >= 0, were " + rcu + " and " + wcu);
    }
    Workload.rate("tableSizeGb", tableSizeGb);
    long byThroughput = (long) Math.ceil(rcu / (double) PARTITION_READ_UNITS + wcu / (double) PARTITION_WRITE_UNITS);
    double bySizeExact = Math.ceil(tableSizeGb / 10.0);
    if (bySizeExact > MAX_EXACT_UNITS) {
      throw new IllegalArgumentException("tableSizeGb " + tableSizeGb + " needs " + bySizeExact
          + " partitions, more than " + MAX_EXACT_UNITS + " (2^53), the largest figure the planner computes exactly");
    }
    long bySize = (long) bySizeExact;
    return Math.max(1, Math.max(byThroughput, bySize));
  }

  /**
   * How a table's provisioned capacity divides over a given number of partitions: DynamoDB spreads provisioned
   * throughput evenly across a table's partitions, and one partition serves at most
   * {@value #PARTITION_READ_UNITS} RCU and {@value #PARTITION_WRITE_UNITS} WCU per second, or a linear
   * combination of the two. A key whose traffic exceeds its partition's share is throttled although the table as
   * a whole has capacity left.
   *
   * @param rcu provisioned read capacity units of the table, at least 0
   * @param wcu provisioned write capacity units of the table, at least 0
   * @param partitions the number of partitions, at least 1
   * @return each partition's share of the capacity and its load against one partition's limits
   * @throws IllegalArgumentException if a capacity is negative or {@code partitions} is below 1
   */
  public static PartitionSplit perPartition(long rcu, long wcu, long partitions) {
    if (rcu < 0 || wcu < 0) {
      throw new IllegalArgumentException("rcu and wcu must be >= 0, were " + rcu + " and " + wcu);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    double reads = rcu / (double) partitions;
    double writes = wcu / (double) partitions;
    return new PartitionSplit(partitions, reads, writes,
        reads / PARTITION_READ_UNITS + writes / PARTITION_WRITE_UNITS);
  }

  /**
   * The most a table with this capacity can serve for items of one size.
   *
   * @param rcu provisioned read capacity units
   * @param wcu provisioned write capacity units
   * @param itemSizeBytes the size of every item, 1 to 409,600
   * @param consistency the consistency of the reads
   * @return the most a table with this capacity can serve for items of one size
   * @throws IllegalArgumentException if capacity is negative or the size is not between 1 and 409,600
   */
  public static TableThroughput maxThroughput(double rcu, double wcu, long itemSizeBytes,
      ReadConsistency consistency) {
    Workload.rate("rcu", rcu);
    Workload.rate("wcu", wcu);
    if (itemSizeBytes < 1 || itemSizeBytes > ItemSize.MAX_ITEM_SIZE_BYTES) {
      throw new IllegalArgumentException("itemSizeBytes must be between 1 and 409600, was " + itemSizeBytes);
    }
    Objects.requireNonNull(consistency, "consistency");
    double readItems = rcu / (CapacityCalculator.readUnits(itemSizeBytes) * consistency.unitsPer4Kb());
    double writeItems = wcu / CapacityCalculator.writeUnits(itemSizeBytes);
    return new TableThroughput(readItems, readItems * itemSizeBytes / 1024.0, writeItems,
        writeItems * itemSizeBytes / 1024.0);
  }

  /**
   * Advice for one hot partition key value: its required throughput against one partition's limits, and the
   * write-shard count that keeps every shard within {@code targetUtilization} of 1,000 WCU.
   *
   * @param itemSizeBytes size of the items written and read under the key
   * @param writesPerSecond writes per second to the key
   * @param readsPerSecond reads per second of single items under the key
   * @param consistency consistency of those reads
   * @param targetUtilization share of a partition's limit one shard may use, e.g. 0.8 for headroom
   * @return the key's required throughput, the partition limits and the recommended write-shard count
   * @throws IllegalArgumentException if a rate is negative, the size is not between 1 and 409,600, or
   *     {@code targetUtilization} is not in (0, 1]
   */
  public static HotKeyAdvice hotKey(long itemSizeBytes, double writesPerSecond, double readsPerSecond,
      ReadConsistency consistency, double targetUtilization) {
    if (itemSizeBytes < 1 || itemSizeBytes > ItemSize.MAX_ITEM_SIZE_BYTES) {
      throw new IllegalArgumentException("itemSizeBytes must be between 1 and 409600, was " + itemSizeBytes);
    }
    Workload.rate("writesPerSecond", writesPerSecond);
    Workload.rate("readsPerSecond", readsPerSecond);
    Objects.requireNonNull(consistency, "consistency");
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      throw new IllegalArgumentException("targetUtilization must be in (0, 1], was " + targetUtilization);
    }
    long wu = CapacityCalculator.writeUnits(itemSizeBytes);
    double wcu = writesPerSecond * wu;
    double rcu = readsPerSecond * CapacityCalculator.readUnits(itemSizeBytes) * consistency.unitsPer4Kb();
    double perShard = PARTITION_WRITE_UNITS * targetUtilization;
    double shardsExact = Math.max(1, Math.ceil(wcu / perShard - 1e-9));
    if (shardsExact > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("writesPerSecond " + writesPerSecond + " needs " + shardsExact
          + " write shards, more than " + Integer.MAX_VALUE + ", the most a shard count can be");
    }
    int shards = (int) shardsExact;
    boolean readsHot = rcu > PARTITION_READ_UNITS * targetUtilization;
    String explanation = writesPerSecond + " writes/s x " + wu + " WCU (" + itemSizeBytes + " bytes rounded up to 1 KB) = "
        + wcu + " WCU/s against " + perShard + " WCU/s per shard (" + PARTITION_WRITE_UNITS + " x "
        + targetUtilization + ") -> " + shards + (shards == 1 ? " shard (no sharding needed)" : " write shards")
        + "; reads need " + rcu + " RCU/s of " + PARTITION_READ_UNITS + " per partition"
        + (readsHot ? " (too many for one partition: cache or spread reads)" : "");
    return new HotKeyAdvice(wcu, rcu, PARTITION_WRITE_UNITS, PARTITION_READ_UNITS, targetUtilization, shards,
        readsHot, explanation);
  }

  /**
   * Units to provision for a consumption: consumed / target, rounded up, at least 1.
   *
   * @throws IllegalArgumentException if the figure is above {@link #MAX_EXACT_UNITS}, naming the rate
   */
  private static long provision(String what, double consumed, double target) {
    double units = Math.ceil(consumed / target - 1e-9);
    if (units > MAX_EXACT_UNITS) {
      throw new IllegalArgumentException(what + " need " + units + " capacity units at target utilisation "
          + target + ", more than " + MAX_EXACT_UNITS + " (2^53), the largest figure the planner computes exactly");
    }
    return Math.max(1, (long) units);
  }
}
