package dev.cirrus.s3;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * A snapshot of one transfer's progress.
 *
 * <p>This class is immutable and threadsafe.
 */
public final class TransferProgress {
  private final String bucket;
  private final String key;
  private final long bytesTransferred;
  private final int partsCompleted;
  private final long totalBytes;
  private final Duration elapsed;

  /**
   * Creates a snapshot.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param bytesTransferred the bytes transferred so far
   * @param partsCompleted the part numbers S3 acknowledged, ascending
   * @param elapsed the time since the transfer started
   * @param totalBytes the object size, or -1 if not known
   */
  public TransferProgress(String bucket, String key, long bytesTransferred, int partsCompleted, long totalBytes,
      Duration elapsed) {
    this.bucket = bucket;
    this.key = key;
    this.bytesTransferred = bytesTransferred;
    this.partsCompleted = partsCompleted;
    this.totalBytes = totalBytes;
    this.elapsed = elapsed;
  }

  /**
   * Returns the bucket.
   *
   * @return the bucket
   */
  public String bucket() {
    return bucket;
  }

  /**
   * Returns the key.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Returns the bytes acknowledged by S3 (uploads) or received (downloads) so far.
   *
   * @return the bytes acknowledged by S3 (uploads) or received (downloads) so far
   */
  public long bytesTransferred() {
    return bytesTransferred;
  }

  /**
   * Returns the parts (uploads) or ranges (downloads) finished so far.
   *
   * @return the parts (uploads) or ranges (downloads) finished so far
   */
  public int partsCompleted() {
    return partsCompleted;
  }

  /**
   * Returns the total size if known.
   *
   * @return the total size if known
   */
  public OptionalLong totalBytes() {
    return totalBytes < 0 ? OptionalLong.empty() : OptionalLong.of(totalBytes);
  }

  /**
   * Returns the time since the transfer started.
   *
   * @return the time since the transfer started
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Returns the mean rate since the start in bytes per second; 0 before any time has passed.
   *
   * @return the mean rate since the start in bytes per second; 0 before any time has passed
   */
  public double bytesPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : bytesTransferred * 1e9 / nanos;
  }

  @Override
  public String toString() {
    return "TransferProgress{s3://" + bucket + "/" + key + ", bytes=" + bytesTransferred + "/"
        + (totalBytes < 0 ? "?" : Long.toString(totalBytes)) + ", parts=" + partsCompleted + ", elapsed="
        + elapsed + "}";
  }
}
