package dev.cirrus.s3;

/**
 * The checksum sent with every part (and single PutObject), which S3 verifies on receipt.
 *
 * <p>This type is immutable and threadsafe.
 */
public enum PartChecksum {
  /** CRC32C ({@code x-amz-checksum-crc32c}); the default, hardware-accelerated on current JDKs. */
  CRC32C,
  /** CRC32 ({@code x-amz-checksum-crc32}). */
  CRC32,
  /** No flexible checksum; only the transport's own (and Content-MD5 if enabled). */
  NONE
}
