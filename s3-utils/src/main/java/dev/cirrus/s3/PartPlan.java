package dev.cirrus.s3;

import java.util.OptionalLong;

/**
 * The parts of one multipart upload: their sizes and offsets, and the memory the upload needs.
 *
 * <p>For a known length, every part but the last has {@link #partSizeBytes(int) the same size}, the last
 * holds the rest, and the parts cover the object exactly. For an unknown length, part {@code n} (1-based) has
 * size {@code min(5 GiB, firstPartSizeBytes × 2^((n - 1) / partsPerDoubling))}; the stream ends wherever it
 * ends, and may not exceed {@link #capacityBytes()}.
 *
 * <p>Memory: an upload holds at most {@code parallelism} part buffers at once, so its buffers never exceed
 * {@link #bufferBoundBytes(int, long)}: parallelism × the size of the part being read.
 *
 * <p>This class is immutable and threadsafe.
 */
public final class PartPlan {
  private final boolean knownLength;
  private final long objectSizeBytes;
  private final long firstPartSizeBytes;
  private final int partCount;
  private final int partsPerDoubling;
  private final long capacityBytes;

  private PartPlan(boolean knownLength, long objectSizeBytes, long firstPartSizeBytes, int partCount,
      int partsPerDoubling, long capacityBytes) {
    this.knownLength = knownLength;
    this.objectSizeBytes = objectSizeBytes;
    this.firstPartSizeBytes = firstPartSizeBytes;
    this.partCount = partCount;
    this.partsPerDoubling = partsPerDoubling;
    this.capacityBytes = capacityBytes;
  }

  static PartPlan known(long objectSizeBytes, long partSizeBytes) {
    int count = (int) Math.max(1, PartSizePolicy.ceilDiv(objectSizeBytes, partSizeBytes));
    return new PartPlan(true, objectSizeBytes, partSizeBytes, count, Integer.MAX_VALUE, objectSizeBytes);
  }

  static PartPlan unknown(long firstPartSizeBytes, int partsPerDoubling, long capacityBytes) {
    return new PartPlan(false, -1, firstPartSizeBytes, PartSizePolicy.MAX_PARTS, partsPerDoubling, capacityBytes);
  }

  /** The total of 10,000 parts of the growing schedule. */
  static long streamCapacity(long firstPartSizeBytes, int partsPerDoubling) {
    return offsetOf(firstPartSizeBytes, partsPerDoubling, PartSizePolicy.MAX_PARTS + 1);
  }

  private static long scheduleSize(long first, int perDoubling, int partNumber) {
    int doublings = (partNumber - 1) / perDoubling;
    if (doublings >= 31 || first > (PartSizePolicy.MAX_PART_SIZE_BYTES >> doublings)) {
      return PartSizePolicy.MAX_PART_SIZE_BYTES;
    }
    return Math.min(PartSizePolicy.MAX_PART_SIZE_BYTES, first << doublings);
  }

  private static long offsetOf(long first, int perDoubling, int partNumber) {
    long offset = 0;
    int part = 1;
    while (part < partNumber) {
      long size = scheduleSize(first, perDoubling, part);
      int groupEnd = size == PartSizePolicy.MAX_PART_SIZE_BYTES ? partNumber
          : Math.min(partNumber, ((part - 1) / perDoubling + 1) * perDoubling + 1);
      offset += size * (groupEnd - part);
      part = groupEnd;
    }
    return offset;
  }

  /**
   * Returns whether the object's length was known when planning.
   *
   * @return whether the object's length was known when planning
   */
  public boolean isKnownLength() {
    return knownLength;
  }

  /**
   * Returns the object size if known.
   *
   * @return the object size if known
   */
  public OptionalLong objectSizeBytes() {
    return knownLength ? OptionalLong.of(objectSizeBytes) : OptionalLong.empty();
  }

  /**
   * Returns the number of parts if the length is known, otherwise the most parts the stream may use (10,000).
   *
   * @return the number of parts if the length is known, otherwise the most parts the stream may use (10,000)
   */
  public int partCount() {
    return partCount;
  }

  /**
   * Returns the size of part 1; for a known length, the size of every part but the last.
   *
   * @return the size of part 1; for a known length, the size of every part but the last
   */
  public long firstPartSizeBytes() {
    return firstPartSizeBytes;
  }

  /**
   * Returns how many parts share a size before it doubles; {@link Integer#MAX_VALUE} for a known length.
   *
   * @return how many parts share a size before it doubles; {@link Integer#MAX_VALUE} for a known length
   */
  public int partsPerDoubling() {
    return partsPerDoubling;
  }

  /**
   * Returns the most bytes the plan can hold: the object size, or the stream capacity.
   *
   * @return the most bytes the plan can hold: the object size, or the stream capacity
   */
  public long capacityBytes() {
    return capacityBytes;
  }

  /**
   * Returns the size of part {@code partNumber}. For an unknown length this is the size the part is read with;
   * the last part of the stream may turn out shorter.
   *
   * @param partNumber the part number, from 1
   * @return the size of part {@code partNumber}
   * @throws IllegalArgumentException if partNumber is not between 1 and partCount()
   */
  public long partSizeBytes(int partNumber) {
    checkPart(partNumber);
    if (knownLength) {
      return partNumber < partCount ? firstPartSizeBytes
          : objectSizeBytes - (long) (partCount - 1) * firstPartSizeBytes;
    }
    return scheduleSize(firstPartSizeBytes, partsPerDoubling, partNumber);
  }

  /**
   * Returns the offset in the object of the first byte of part {@code partNumber}.
   *
   * @param partNumber the part number, from 1
   * @return the offset in the object of the first byte of part {@code partNumber}
   * @throws IllegalArgumentException if partNumber is not between 1 and partCount()
   */
  public long partOffsetBytes(int partNumber) {
    checkPart(partNumber);
    if (knownLength) {
      return (long) (partNumber - 1) * firstPartSizeBytes;
    }
    return offsetOf(firstPartSizeBytes, partsPerDoubling, partNumber);
  }

  /**
   * Returns the size of the largest part of the plan.
   *
   * @return the size of the largest part of the plan
   */
  public long largestPartSizeBytes() {
    return knownLength ? (partCount > 1 ? firstPartSizeBytes : objectSizeBytes) : partSizeBytes(partCount);
  }

  /**
   * Returns the most buffer memory an upload of this plan holds once it has read {@code bytesSoFar} bytes:
   * {@code parallelism × size of the part containing that byte} (for a known length, capped by the object).
   *
   * @param parallelism the number of parts in flight
   * @param bytesSoFar bytes already transferred
   * @return the buffer bound in bytes
   * @throws IllegalArgumentException if parallelism is below 1 or bytesSoFar is negative
   */
  public long bufferBoundBytes(int parallelism, long bytesSoFar) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
    }
    if (bytesSoFar < 0) {
      throw new IllegalArgumentException("bytesSoFar must be at least 0, was " + bytesSoFar);
    }
    if (knownLength) {
      return Math.min((long) parallelism * largestPartSizeBytes(), Math.max(objectSizeBytes, 0));
    }
    return parallelism * partSizeBytes(partNumberAt(bytesSoFar));
  }

  /** Returns the part containing byte {@code offset} (the last part for offsets at or past the end). */
  int partNumberAt(long offset) {
    if (knownLength) {
      return (int) Math.min(partCount, offset / Math.max(1, firstPartSizeBytes) + 1);
    }
    int lo = 1;
    int hi = partCount;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (offsetOf(firstPartSizeBytes, partsPerDoubling, mid) <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * Returns a human-readable account: part count, sizes and memory for parallelism 4.
   *
   * @return a human-readable account: part count, sizes and memory for parallelism 4
   */
  public String explain() {
    if (knownLength) {
      return String.format("%d bytes in %d part(s) of %d bytes, last part %d bytes; buffers at most %d bytes"
              + " per unit of parallelism (%d bytes at parallelism 4)",
          objectSizeBytes, partCount, firstPartSizeBytes, partSizeBytes(partCount), largestPartSizeBytes(),
          bufferBoundBytes(4, 0));
    }
    return String.format("unknown length up to %d bytes: parts start at %d bytes and double every %d parts"
            + " (largest %d bytes); the first %d bytes use %d-byte parts, so buffers stay at or below %d bytes"
            + " at parallelism 4 until then",
        capacityBytes, firstPartSizeBytes, partsPerDoubling, largestPartSizeBytes(),
        partsPerDoubling >= partCount ? capacityBytes : partOffsetBytes(partsPerDoubling + 1),
        firstPartSizeBytes, 4 * firstPartSizeBytes);
  }

  @Override
  public String toString() {
    return "PartPlan{" + explain() + "}";
  }

  private void checkPart(int partNumber) {
    if (partNumber < 1 || partNumber > partCount) {
      throw new IllegalArgumentException("partNumber must be between 1 and " + partCount + ", was " + partNumber);
    }
  }
}
