package dev.cirrus.s3;

/**
 * Chooses part sizes for multipart uploads within S3's limits.
 *
 * <p>S3 limits: every part but the last is 5 MiB to 5 GiB, the last may be smaller, at most 10,000 parts. The
 * largest object is a setting, {@link #maxObjectSizeBytes()}, by default 10,000 × 5 GiB = 53,687,091,200,000
 * bytes (S3 has raised its old 5 TiB limit; lower the setting if your region or tools still enforce it).
 *
 * <p><b>Known length</b> ({@link #planFor}): start at the preferred part size and double it, capped at 5 GiB,
 * until the object fits in 10,000 parts — the AWS CLI's rule. The result is the smallest size of the form
 * {@code preferred × 2^k} (or 5 GiB) that fits.
 *
 * <p><b>Unknown length</b> ({@link #planForUnknownLength}): the part size doubles every
 * {@code partsPerDoubling} parts starting from the preferred size, capped at 5 GiB. {@code partsPerDoubling} is
 * the largest value whose 10,000 parts hold {@link #unknownLengthCapacityBytes()}, so parts stay as small as
 * possible for as long as possible: with the defaults (8 MiB, 5 TiB) the first 1,089 parts (8.5 GiB) are 8 MiB
 * ({@link #DEFAULT_PARTS_PER_DOUBLING}).
 * Memory then grows only with the stream: parallelism × the current part size. Note that 10,000 × 5 GiB is
 * exactly the part-count limit times the part-size limit, so no growing schedule reaches it; the capacity of a
 * stream is therefore its own setting, by default the smaller of 5 TiB and maxObjectSizeBytes.
 *
 * <p><b>Single requests</b>: one PutObject carries at most {@link #MAX_SINGLE_REQUEST_BYTES} (5 GiB); a larger
 * object {@link #requiresMultipart(long) requires} a multipart upload. The number equals the per-part maximum
 * {@link #MAX_PART_SIZE_BYTES}, but the two limits are distinct S3 rules.
 *
 * <p>This class is immutable and threadsafe.
 */
public final class PartSizePolicy {
  /** The smallest part S3 accepts, except the last: 5 MiB. */
  public static final long MIN_PART_SIZE_BYTES = 5L * 1024 * 1024;
  /** The largest part S3 accepts: 5 GiB. */
  public static final long MAX_PART_SIZE_BYTES = 5L * 1024 * 1024 * 1024;
  /** The most parts one upload may have: {@value}. */
  public static final int MAX_PARTS = 10_000;
  /** The default and largest maximum object size: 10,000 × 5 GiB. */
  public static final long DEFAULT_MAX_OBJECT_SIZE_BYTES = MAX_PARTS * MAX_PART_SIZE_BYTES;
  /** The default preferred part size: 8 MiB. */
  public static final long DEFAULT_PREFERRED_PART_SIZE_BYTES = 8L * 1024 * 1024;
  /** The default capacity of an unknown-length upload: 5 TiB (or maxObjectSizeBytes if smaller). */
  public static final long DEFAULT_UNKNOWN_LENGTH_CAPACITY_BYTES = 5L * 1024 * 1024 * 1024 * 1024;
  /** The largest object one PutObject may carry: 5 GiB (S3's single-request limit). */
  public static final long MAX_SINGLE_REQUEST_BYTES = 5L * 1024 * 1024 * 1024;
  /**
   * How many parts of an unknown-length upload share a size before it doubles, with the defaults (8 MiB parts,
   * 5 TiB capacity): 1,089, so the first 1,089 parts (8.5 GiB) are 8 MiB. {@link #defaults()}
   * {@code .partsPerDoubling()} returns it; the docs quote it.
   */
  public static final int DEFAULT_PARTS_PER_DOUBLING =
      partsPerDoubling(DEFAULT_PREFERRED_PART_SIZE_BYTES, DEFAULT_UNKNOWN_LENGTH_CAPACITY_BYTES);

  private final long preferredPartSizeBytes;
  private final long maxObjectSizeBytes;
  private final long unknownLengthCapacityBytes;
  private final int partsPerDoubling;

  private PartSizePolicy(Builder b) {
    this.preferredPartSizeBytes = b.preferredPartSizeBytes;
    this.maxObjectSizeBytes = b.maxObjectSizeBytes;
    long capacity = b.unknownLengthCapacityBytes >= 0 ? b.unknownLengthCapacityBytes
        : Math.min(DEFAULT_UNKNOWN_LENGTH_CAPACITY_BYTES, maxObjectSizeBytes);
    if (capacity > maxObjectSizeBytes) {
      throw new IllegalArgumentException("unknownLengthCapacityBytes must be at most maxObjectSizeBytes "
          + maxObjectSizeBytes + ", was " + capacity);
    }
    long reachable = PartPlan.streamCapacity(preferredPartSizeBytes, 1);
    if (capacity > reachable) {
      throw new IllegalArgumentException("unknownLengthCapacityBytes must be at most " + reachable
          + " (10,000 parts doubling from preferredPartSizeBytes " + preferredPartSizeBytes + "), was " + capacity);
    }
    this.unknownLengthCapacityBytes = capacity;
    this.partsPerDoubling = partsPerDoubling(preferredPartSizeBytes, capacity);
  }

  /** The largest interval whose 10,000 growing parts still hold {@code capacity} (capacity is monotone in it). */
  private static int partsPerDoubling(long preferredPartSizeBytes, long capacity) {
    int lo = 1;
    int hi = MAX_PARTS;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (PartPlan.streamCapacity(preferredPartSizeBytes, mid) >= capacity) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * Returns whether an object of this size needs a multipart upload: true above {@link #MAX_SINGLE_REQUEST_BYTES}
   * (5 GiB), which one PutObject cannot carry. Below it a multipart upload is allowed, and {@code S3Transfers}
   * uses one from its {@code singleRequestThresholdBytes} on.
   *
   * @param objectSizeBytes the object size in bytes
   * @return whether S3 requires a multipart upload for it
   * @throws IllegalArgumentException if objectSizeBytes is negative
   */
  public static boolean requiresMultipart(long objectSizeBytes) {
    if (objectSizeBytes < 0) {
      throw new IllegalArgumentException("objectSizeBytes must be at least 0, was " + objectSizeBytes);
    }
    return objectSizeBytes > MAX_SINGLE_REQUEST_BYTES;
  }

  /**
   * Returns a policy with the defaults.
   *
   * @return a policy with the defaults
   */
  public static PartSizePolicy defaults() {
    return builder().build();
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this policy's settings.
   *
   * @return a builder holding this policy's settings
   */
  public Builder toBuilder() {
    return new Builder().preferredPartSizeBytes(preferredPartSizeBytes).maxObjectSizeBytes(maxObjectSizeBytes)
        .unknownLengthCapacityBytes(unknownLengthCapacityBytes);
  }

  /**
   * Returns the preferred (smallest) part size.
   *
   * @return the preferred (smallest) part size
   */
  public long preferredPartSizeBytes() {
    return preferredPartSizeBytes;
  }

  /**
   * Returns the largest object size planned for.
   *
   * @return the largest object size planned for
   */
  public long maxObjectSizeBytes() {
    return maxObjectSizeBytes;
  }

  /**
   * Returns the largest stream an unknown-length upload accepts.
   *
   * @return the largest stream an unknown-length upload accepts
   */
  public long unknownLengthCapacityBytes() {
    return unknownLengthCapacityBytes;
  }

  /**
   * Returns how many parts of an unknown-length upload share a size before it doubles.
   *
   * @return how many parts of an unknown-length upload share a size before it doubles
   */
  public int partsPerDoubling() {
    return partsPerDoubling;
  }

  /**
   * Plans the parts of an object of known length.
   *
   * @param objectSizeBytes the object size, 0 to maxObjectSizeBytes; 0 gives one empty part
   * @return the plan
   * @throws IllegalArgumentException if objectSizeBytes is negative or above maxObjectSizeBytes
   */
  public PartPlan planFor(long objectSizeBytes) {
    if (objectSizeBytes < 0) {
      throw new IllegalArgumentException("objectSizeBytes must be at least 0, was " + objectSizeBytes);
    }
    if (objectSizeBytes > maxObjectSizeBytes) {
      throw new IllegalArgumentException("objectSizeBytes must be at most maxObjectSizeBytes "
          + maxObjectSizeBytes + ", was " + objectSizeBytes);
    }
    long size = preferredPartSizeBytes;
    while (ceilDiv(objectSizeBytes, size) > MAX_PARTS && size < MAX_PART_SIZE_BYTES) {
      size = Math.min(size * 2, MAX_PART_SIZE_BYTES);
    }
    return PartPlan.known(objectSizeBytes, size);
  }

  /**
   * Plans the parts of a stream of unknown length, up to {@link #unknownLengthCapacityBytes()}.
   *
   * @return the plan
   */
  public PartPlan planForUnknownLength() {
    return PartPlan.unknown(preferredPartSizeBytes, partsPerDoubling, unknownLengthCapacityBytes);
  }

  static long ceilDiv(long a, long b) {
    return a == 0 ? 0 : 1 + (a - 1) / b;
  }

  @Override
  public String toString() {
    return "PartSizePolicy{preferredPartSizeBytes=" + preferredPartSizeBytes + ", maxObjectSizeBytes="
        + maxObjectSizeBytes + ", unknownLengthCapacityBytes=" + unknownLengthCapacityBytes
        + ", partsPerDoubling=" + partsPerDoubling + "}";
  }

  /** Builds a {@link PartSizePolicy}; {@link #build()} copies the settings. This class is not threadsafe. */
  public static final class Builder {
    private long preferredPartSizeBytes = DEFAULT_PREFERRED_PART_SIZE_BYTES;
    private long maxObjectSizeBytes = DEFAULT_MAX_OBJECT_SIZE_BYTES;
    private long unknownLengthCapacityBytes = -1;

    private Builder() {}

    /**
     * Sets the preferred part size. By default 8 MiB (8,388,608).
     *
     * @param preferredPartSizeBytes the part size to use when the object fits
     * @return this builder
     * @throws IllegalArgumentException if not between 5,242,880 and 5,368,709,120
     */
    public Builder preferredPartSizeBytes(long preferredPartSizeBytes) {
      if (preferredPartSizeBytes < MIN_PART_SIZE_BYTES || preferredPartSizeBytes > MAX_PART_SIZE_BYTES) {
        throw new IllegalArgumentException("preferredPartSizeBytes must be between " + MIN_PART_SIZE_BYTES
            + " and " + MAX_PART_SIZE_BYTES + ", was " + preferredPartSizeBytes);
      }
      this.preferredPartSizeBytes = preferredPartSizeBytes;
      return this;
    }

    /**
     * Sets the largest object size. By default 10,000 × 5 GiB (53,687,091,200,000).
     *
     * @param maxObjectSizeBytes the largest object size accepted
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 53,687,091,200,000
     */
    public Builder maxObjectSizeBytes(long maxObjectSizeBytes) {
      if (maxObjectSizeBytes < 1 || maxObjectSizeBytes > DEFAULT_MAX_OBJECT_SIZE_BYTES) {
        throw new IllegalArgumentException("maxObjectSizeBytes must be between 1 and "
            + DEFAULT_MAX_OBJECT_SIZE_BYTES + ", was " + maxObjectSizeBytes);
      }
      this.maxObjectSizeBytes = maxObjectSizeBytes;
      return this;
    }

    /**
     * Sets the largest stream of unknown length; {@link #build()} checks it against maxObjectSizeBytes and what
     * 10,000 growing parts can hold. By default min(5 TiB, maxObjectSizeBytes).
     *
     * @param unknownLengthCapacityBytes the largest stream to plan for
     * @return this builder
     * @throws IllegalArgumentException if not at least 1
     */
    public Builder unknownLengthCapacityBytes(long unknownLengthCapacityBytes) {
      if (unknownLengthCapacityBytes < 1) {
        throw new IllegalArgumentException(
            "unknownLengthCapacityBytes must be at least 1, was " + unknownLengthCapacityBytes);
      }
      this.unknownLengthCapacityBytes = unknownLengthCapacityBytes;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return this builder
     * @throws IllegalArgumentException if unknownLengthCapacityBytes exceeds maxObjectSizeBytes or what 10,000
     *     parts doubling every part from the preferred size can hold
     */
    public PartSizePolicy build() {
      return new PartSizePolicy(this);
    }
  }
}
