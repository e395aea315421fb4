package dev.cirrus.s3;

/**
 * What a transfer could check end to end, beyond the per-request checks S3 performs.
 *
 * <p>This type is immutable and threadsafe.
 */
public enum ChecksumCheck {
  /** The whole-object checksum S3 reported matched the one computed from the bytes sent or received. */
  VERIFIED,
  /** S3 reported no whole-object checksum that could be compared (or the layout did not allow it). */
  NOT_AVAILABLE,
  /** Checking was switched off, or no part checksum was used. */
  DISABLED
}
