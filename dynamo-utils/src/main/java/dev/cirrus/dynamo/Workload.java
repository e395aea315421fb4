package dev.cirrus.dynamo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A steady-state description of a table's traffic, input to {@link CapacityPlanner}.
 *
 * <p>Item sizes are either one size or a weighted distribution; units are averaged over the distribution after
 * rounding each size (rounding the mean size instead under-counts: half 100 B and half 1,100 B items cost
 * 1.5 write units on average, not the 1 unit their 600 B mean suggests).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Workload {
  private final Map<Long, Double> sizeWeights;
  private final Map<ReadConsistency, Double> readsPerSecond;
  private final double writesPerSecond;
  private final double transactionalWriteShare;
  private final List<GlobalIndexLoad> globalIndexes;
  private final double tableSizeGb;
  private final int localSecondaryIndexes;
  private final double largestItemCollectionGb;

  private Workload(Builder b) {
    this.sizeWeights = Collections.unmodifiableMap(new LinkedHashMap<>(b.sizeWeights));
    this.readsPerSecond = Collections.unmodifiableMap(new EnumMap<>(b.readsPerSecond));
    this.writesPerSecond = b.writesPerSecond;
    this.transactionalWriteShare = b.transactionalWriteShare;
    this.globalIndexes = List.copyOf(b.globalIndexes);
    this.tableSizeGb = b.tableSizeGb;
    this.localSecondaryIndexes = b.localSecondaryIndexes;
    this.largestItemCollectionGb = b.largestItemCollectionGb;
  }

  /**
   * A new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder initialised from this workload.
   *
   * @return a builder holding this object's settings
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sizeWeights.putAll(sizeWeights);
    b.readsPerSecond.putAll(readsPerSecond);
    b.writesPerSecond = writesPerSecond;
    b.transactionalWriteShare = transactionalWriteShare;
    b.globalIndexes.addAll(globalIndexes);
    b.tableSizeGb = tableSizeGb;
    b.localSecondaryIndexes = localSecondaryIndexes;
    b.largestItemCollectionGb = largestItemCollectionGb;
    return b;
  }

  /** {@return item sizes in bytes and their relative weights (not necessarily summing to 1)} */
  public Map<Long, Double> itemSizeWeights() {
    return sizeWeights;
  }

  /**
   * Reads per second for a consistency; 0 if not set.
   *
   * @param consistency the consistency
   * @return reads per second
   */
  public double readsPerSecond(ReadConsistency consistency) {
    return readsPerSecond.getOrDefault(consistency, 0.0);
  }

  /** {@return table writes (puts, updates, deletes) per second} */
  public double writesPerSecond() {
    return writesPerSecond;
  }

  /** {@return the share of writes done in transactions, 0 to 1} */
  public double transactionalWriteShare() {
    return transactionalWriteShare;
  }

  /** {@return the global secondary indexes and their load} */
  public List<GlobalIndexLoad> globalIndexes() {
    return globalIndexes;
  }

  /** {@return the table size in GB, used only by the historical partition heuristic; 0 if unknown} */
  public double tableSizeGb() {
    return tableSizeGb;
  }

  /** {@return the number of local secondary indexes on the table, 0 by default} */
  public int localSecondaryIndexes() {
    return localSecondaryIndexes;
  }

  /**
   * The size of the largest item collection (all items with one partition key value, plus their entries in every
   * local secondary index), which DynamoDB limits to 10 GB on a table with local secondary indexes.
   *
   * @return the largest item collection in GB, 0 if unknown
   */
  public double largestItemCollectionGb() {
    return largestItemCollectionGb;
  }

  /** {@return average read units per read (before the consistency factor), rounding each size to 4 KB first} */
  public double averageReadUnits() {
    return average(true);
  }

  /** {@return average write units per write (before the transactional factor), rounding each size to 1 KB first} */
  public double averageWriteUnits() {
    return average(false);
  }

  private double average(boolean read) {
    double total = 0;
    double weights = 0;
    for (Map.Entry<Long, Double> e : sizeWeights.entrySet()) {
      long units = read ? CapacityCalculator.readUnits(e.getKey()) : CapacityCalculator.writeUnits(e.getKey());
      total += units * e.getValue();
      weights += e.getValue();
    }
    return total / weights;
  }

  /**
   * The load on one global secondary index.
   *
   * @param name the index name
   * @param projectedEntrySizeBytes size of one index entry (index key + table key + projected attributes)
   * @param readsPerSecond eventually consistent reads per second of one entry each
   * @param indexWritesPerTableWrite average index writes per table write: 0 (never indexed) to 2 (every write
   *     changes the index key)
   */
  public record GlobalIndexLoad(String name, long projectedEntrySizeBytes, double readsPerSecond,
                                double indexWritesPerTableWrite) {
    /**
     * Validates the load.
     *
     * @param name the index name
     * @param projectedEntrySizeBytes size of one index entry (index key + table key + projected attributes)
     * @param readsPerSecond eventually consistent reads per second of one entry each
     * @param indexWritesPerTableWrite average index writes per table write: 0 (never indexed) to 2 (every write
     *     changes the index key)
     * @throws IllegalArgumentException if a number is out of range
     */
    public GlobalIndexLoad {
      Objects.requireNonNull(name, "name");
      CapacityCalculator.checkSize("projectedEntrySizeBytes", projectedEntrySizeBytes);
      rate("readsPerSecond", readsPerSecond);
      if (!(indexWritesPerTableWrite >= 0 && indexWritesPerTableWrite <= 2)) {
        throw new IllegalArgumentException("indexWritesPerTableWrite must be between 0 and 2, was "
            + indexWritesPerTableWrite);
      }
    }
  }

  static double rate(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, was " + value);
    }
    return value;
  }

  /** Builds {@link Workload}s. Not thread-safe; {@link #build()} copies the state. */
  public static final class Builder {
    private final Map<Long, Double> sizeWeights = new LinkedHashMap<>();
    private final Map<ReadConsistency, Double> readsPerSecond = new EnumMap<>(ReadConsistency.class);
    private double writesPerSecond;
    private double transactionalWriteShare;
    private final List<GlobalIndexLoad> globalIndexes = new ArrayList<>();
    private double tableSizeGb;
    private int localSecondaryIndexes;
    private double largestItemCollectionGb;

    private Builder() {
    }

    /**
     * Every item has this size (replaces any distribution).
     *
     * @param bytes the size of every item, 1 to 409,600
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 409,600
     */
    public Builder itemSizeBytes(long bytes) {
      sizeWeights.clear();
      return addItemSize(bytes, 1.0);
    }

    /**
     * Adds a size to the distribution with a relative weight.
     *
     * @param bytes the item size, 1 to 409,600
     * @param weight the relative weight, finite and positive
     * @return this builder
     * @throws IllegalArgumentException if the size is not between 1 and 409,600 or the weight is not positive
     */
    public Builder addItemSize(long bytes, double weight) {
      if (bytes < 1 || bytes > ItemSize.MAX_ITEM_SIZE_BYTES) {
        throw new IllegalArgumentException("itemSizeBytes must be between 1 and 409600, was " + bytes);
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("weight must be finite and > 0, was " + weight);
      }
      sizeWeights.merge(bytes, weight, Double::sum);
      return this;
    }

    /**
     * Reads per second at a consistency; by default 0.
     *
     * @param consistency the consistency
     * @param reads reads per second, finite and at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder readsPerSecond(ReadConsistency consistency, double reads) {
      readsPerSecond.put(Objects.requireNonNull(consistency, "consistency"), rate("readsPerSecond", reads));
      return this;
    }

    /**
     * Writes per second; by default 0.
     *
     * @param writes writes per second, finite and at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder writesPerSecond(double writes) {
      this.writesPerSecond = rate("writesPerSecond", writes);
      return this;
    }

    /**
     * The share of writes that are transactional; by default 0.
     *
     * @param share the share of writes that are transactional; by default 0
     * @return this builder
     * @throws IllegalArgumentException if not between 0 and 1
     */
    public Builder transactionalWriteShare(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("transactionalWriteShare must be between 0 and 1, was " + share);
      }
      this.transactionalWriteShare = share;
      return this;
    }

    /**
     * Adds a global secondary index load.
     *
     * @param index the index load
     * @return this builder
     */
    public Builder addGlobalIndex(GlobalIndexLoad index) {
      globalIndexes.add(Objects.requireNonNull(index, "index"));
      return this;
    }

    /**
     * Table size in GB for the historical partition heuristic; by default 0.
     *
     * @param gb table size in GB for the historical partition heuristic; by default 0
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder tableSizeGb(double gb) {
      this.tableSizeGb = rate("tableSizeGb", gb);
      return this;
    }

    /**
     * The table's local secondary indexes; by default 0. With any, the planner warns about item collections
     * near DynamoDB's 10 GB limit.
     *
     * @param count local secondary indexes, 0 to 5 (DynamoDB's limit per table)
     * @return this builder
     * @throws IllegalArgumentException if not between 0 and 5
     */
    public Builder localSecondaryIndexes(int count) {
      if (count < 0 || count > TableDefinitionCheck.MAX_LOCAL_SECONDARY_INDEXES) {
        throw new IllegalArgumentException("localSecondaryIndexes must be between 0 and "
            + TableDefinitionCheck.MAX_LOCAL_SECONDARY_INDEXES + ", was " + count);
      }
      this.localSecondaryIndexes = count;
      return this;
    }

    /**
     * The size of the largest item collection in GB; by default 0 (unknown). Checked against the 10 GB limit
     * when the table has local secondary indexes.
     *
     * @param gb the largest item collection, finite and at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder largestItemCollectionGb(double gb) {
      this.largestItemCollectionGb = rate("largestItemCollectionGb", gb);
      return this;
    }

    /**
     * Builds the workload.
     *
     * @return a new {@link Workload}
     * @throws IllegalStateException if no item size was set
     */
    public Workload build() {
      if (sizeWeights.isEmpty()) {
        throw new IllegalStateException("an item size or size distribution must be set");
      }
      return new Workload(this);
    }
  }
}
