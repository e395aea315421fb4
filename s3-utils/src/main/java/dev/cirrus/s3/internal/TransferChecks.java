package dev.cirrus.s3.internal;

import dev.cirrus.s3.PartSizePolicy;

/** The checks behind the {@code S3Transfers} builder, each with the exact message the builder documents. */
public final class TransferChecks {
  private TransferChecks() {
  }

  /** Returns {@code parallelism} if it is between 1 and 256. */
  public static int parallelism(int parallelism) {
    if (parallelism < 1 || parallelism > 256) {
      throw new IllegalArgumentException("parallelism must be between 1 and 256, was " + parallelism);
    }
    return parallelism;
  }

  /** Returns {@code bytes} if it is between 0 and {@link PartSizePolicy#MAX_SINGLE_REQUEST_BYTES}. */
  public static long singleRequestThresholdBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("singleRequestThresholdBytes must be at least 0, was " + bytes);
    }
    if (bytes > PartSizePolicy.MAX_SINGLE_REQUEST_BYTES) {
      throw new IllegalArgumentException("singleRequestThresholdBytes must be at most "
          + PartSizePolicy.MAX_SINGLE_REQUEST_BYTES + " (the largest single PutObject), was " + bytes);
    }
    return bytes;
  }

  /** Returns {@code bytes} if it is between 1 MiB and {@link PartSizePolicy#MAX_PART_SIZE_BYTES}. */
  public static long downloadRangeSizeBytes(long bytes) {
    if (bytes < 1024 * 1024 || bytes > PartSizePolicy.MAX_PART_SIZE_BYTES) {
      throw new IllegalArgumentException("downloadRangeSizeBytes must be between 1048576 and "
          + PartSizePolicy.MAX_PART_SIZE_BYTES + ", was " + bytes);
    }
    return bytes;
  }

  /**
   * The single-request threshold of a policy: {@code bytes}, or the policy's preferred part size when unset
   * (negative), so that a smaller part size lowers it too.
   *
   * @throws IllegalArgumentException if {@code bytes} is above the policy's preferred part size
   */
  static long singleRequestThresholdBytes(PartSizePolicy policy, long bytes) {
    long preferred = policy.preferredPartSizeBytes();
    if (bytes > preferred) {
      throw new IllegalArgumentException("singleRequestThresholdBytes must be at most preferredPartSizeBytes "
          + preferred + ", was " + bytes);
    }
    return bytes >= 0 ? bytes : preferred;
  }
}
