package dev.cirrus.s3;

import dev.cirrus.s3.internal.RangeDownload;
import dev.cirrus.s3.internal.TransferConfig;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Byte-range downloads over an {@link S3Transfers} ({@link S3Transfers#ranges()}): {@code length} bytes from
 * {@code offset} of an object, into a stream or an array, with the guarantees of whole downloads.
 *
 * <p>Requests: a HEAD fixes the version (ETag) and the object size, which the range is checked against before
 * any byte is fetched; then the range is read in ranged GETs of {@code downloadRangeSizeBytes} (8 MiB by default)
 * with {@code If-Match} on that ETag, {@code parallelism} in flight at a time, so a large range is fetched in
 * parallel and a small one in one GET. Each GET is retried on its own with the transfer's retry policy (the same
 * range requests whole downloads use); the bytes are written in order. A replaced object fails with
 * {@link ObjectChangedException}, so versions are never mixed. Memory: at most
 * {@code parallelism × min(length, downloadRangeSizeBytes)} of range buffers. No checksum is compared: S3 has
 * none for an arbitrary range. Progress goes to the transfers' listener, one event per ranged GET, with the
 * range's length as the total.
 *
 * <p>This class is threadsafe.
 */
public final class RangeDownloads {
  private final TransferConfig cfg;

  RangeDownloads(TransferConfig cfg) {
    this.cfg = cfg;
  }

  /**
   * Writes {@code length} bytes from {@code offset} of {@code bucket/key} into {@code out}, in order.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param offset the first byte, from 0
   * @param length how many bytes; 0 writes nothing (after the range is checked)
   * @param out the destination (not closed)
   * @return the outcome
   * @throws NullPointerException if bucket, key or out is null
   * @throws IllegalArgumentException if offset or length is negative (before any request), or if
   *     {@code offset + length} exceeds the object size (the message names offset, length and the object size;
   *     nothing is written)
   * @throws ObjectChangedException if the object was replaced during the download
   * @throws DownloadFailedException if the download fails; {@code out} may hold a prefix of the range
   * @throws java.util.concurrent.RejectedExecutionException ({@link TransfersClosedException}) if the transfers
   *     are closed
   */
  public RangeDownloadResult download(String bucket, String key, long offset, long length, OutputStream out) {
    check(bucket, key);
    Objects.requireNonNull(out, "out");
    return RangeDownload.toStream(cfg, bucket, key, offset, length, out);
  }

  /**
   * Returns {@code length} bytes from {@code offset} of {@code bucket/key}, like
   * {@link #download(String, String, long, long, OutputStream)}; the array is allocated once the range is checked.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param offset the first byte, from 0
   * @param length how many bytes, at most 2,147,483,639
   * @return the bytes
   * @throws NullPointerException if bucket or key is null
   * @throws IllegalArgumentException if offset or length is negative, length is above 2,147,483,639, or
   *     {@code offset + length} exceeds the object size (the message names offset, length and the object size)
   * @throws ObjectChangedException if the object was replaced during the download
   * @throws DownloadFailedException if the download fails
   */
  public byte[] readBytes(String bucket, String key, long offset, int length) {
    check(bucket, key);
    return RangeDownload.toArray(cfg, bucket, key, offset, length);
  }

  private static void check(String bucket, String key) {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    S3Keys.validate(key);
  }
}
