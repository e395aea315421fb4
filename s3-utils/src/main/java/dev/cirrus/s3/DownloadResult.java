package dev.cirrus.s3;

/**
 * The outcome of a successful download.
 *
 * <p>This class is immutable and threadsafe.
 */
public final class DownloadResult {
  private final String bucket;
  private final String key;
  private final String eTag;
  private final long sizeBytes;
  private final int rangeCount;
  private final long rangeSizeBytes;
  private final boolean alignedToParts;
  private final ChecksumCheck checksumCheck;
  private final long peakBufferBytes;
  private final long bufferBoundBytes;

  /**
   * Creates a result.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param eTag the ETag of the object version
   * @param sizeBytes the object size in bytes
   * @param rangeCount the number of ranges (the first, {@code partNumber=1}, included)
   * @param rangeSizeBytes the size of each range after the first but the last (the object size if one range)
   * @param alignedToParts whether the ranges followed the object's parts
   * @param checksumCheck what could be checked end to end
   * @param peakBufferBytes the most range-buffer memory held at once
   * @param bufferBoundBytes the stated bound on range-buffer memory
   */
  public DownloadResult(String bucket, String key, String eTag, long sizeBytes, int rangeCount,
      long rangeSizeBytes, boolean alignedToParts, ChecksumCheck checksumCheck, long peakBufferBytes,
      long bufferBoundBytes) {
    this.bucket = bucket;
    this.key = key;
    this.eTag = eTag;
    this.sizeBytes = sizeBytes;
    this.rangeCount = rangeCount;
    this.rangeSizeBytes = rangeSizeBytes;
    this.alignedToParts = alignedToParts;
    this.checksumCheck = checksumCheck;
    this.peakBufferBytes = peakBufferBytes;
    this.bufferBoundBytes = bufferBoundBytes;
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
   * Returns the ETag every range was read with ({@code If-Match}).
   *
   * @return the ETag every range was read with ({@code If-Match})
   */
  public String eTag() {
    return eTag;
  }

  /**
   * Returns the object size.
   *
   * @return the object size
   */
  public long sizeBytes() {
    return sizeBytes;
  }

  /**
   * Returns the number of ranges the object was read in: 1 when the first GET ({@code partNumber=1}) returned
   * the whole object, else 1 plus the ranged GETs that followed (retries not counted).
   *
   * @return the number of ranges, the first GET included
   */
  public int rangeCount() {
    return rangeCount;
  }

  /**
   * Returns the size of the ranges after the first (all but the last); the object size when one response held
   * the whole object.
   *
   * @return the size of the ranges after the first
   */
  public long rangeSizeBytes() {
    return rangeSizeBytes;
  }

  /**
   * Returns whether ranges followed the object's part boundaries.
   *
   * @return whether ranges followed the object's part boundaries
   */
  public boolean alignedToParts() {
    return alignedToParts;
  }

  /**
   * Returns whether S3's whole-object checksum was compared.
   *
   * @return whether S3's whole-object checksum was compared
   */
  public ChecksumCheck checksumCheck() {
    return checksumCheck;
  }

  /**
   * Returns the most range-buffer memory the download held at once.
   *
   * @return the most range-buffer memory the download held at once
   */
  public long peakBufferBytes() {
    return peakBufferBytes;
  }

  /**
   * Returns the stated bound on buffer memory (parallelism × range size).
   *
   * @return the stated bound on buffer memory (parallelism × range size)
   */
  public long bufferBoundBytes() {
    return bufferBoundBytes;
  }

  @Override
  public String toString() {
    return "DownloadResult{s3://" + bucket + "/" + key + ", eTag=" + eTag + ", size=" + sizeBytes + ", ranges="
        + rangeCount + "x" + rangeSizeBytes + (alignedToParts ? " aligned" : "") + ", " + checksumCheck
        + ", peakBufferBytes=" + peakBufferBytes + "/" + bufferBoundBytes + "}";
  }
}
