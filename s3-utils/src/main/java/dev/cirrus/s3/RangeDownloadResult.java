package dev.cirrus.s3;

/**
 * The outcome of a successful byte-range download ({@link S3Transfers#downloadRange}).
 *
 * <p>This class is immutable and threadsafe.
 */
public final class RangeDownloadResult {
  private final String bucket;
  private final String key;
  private final String eTag;
  private final long offsetBytes;
  private final long lengthBytes;
  private final long objectSizeBytes;
  private final int rangeCount;
  private final long peakBufferBytes;
  private final long bufferBoundBytes;

  /**
   * Creates a result.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param eTag the ETag of the object version every range was read with ({@code If-Match})
   * @param offsetBytes the first byte read
   * @param lengthBytes the number of bytes read
   * @param objectSizeBytes the size of the whole object
   * @param rangeCount the number of ranged GETs (retries not counted)
   * @param peakBufferBytes the most range-buffer memory held at once
   * @param bufferBoundBytes the stated bound on range-buffer memory
   */
  public RangeDownloadResult(String bucket, String key, String eTag, long offsetBytes, long lengthBytes,
      long objectSizeBytes, int rangeCount, long peakBufferBytes, long bufferBoundBytes) {
    this.bucket = bucket;
    this.key = key;
    this.eTag = eTag;
    this.offsetBytes = offsetBytes;
    this.lengthBytes = lengthBytes;
    this.objectSizeBytes = objectSizeBytes;
    this.rangeCount = rangeCount;
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
   * Returns the offset of the first byte read.
   *
   * @return the offset of the first byte read
   */
  public long offsetBytes() {
    return offsetBytes;
  }

  /**
   * Returns the number of bytes read.
   *
   * @return the number of bytes read
   */
  public long lengthBytes() {
    return lengthBytes;
  }

  /**
   * Returns the size of the whole object.
   *
   * @return the size of the whole object
   */
  public long objectSizeBytes() {
    return objectSizeBytes;
  }

  /**
   * Returns the number of ranged GETs (0 for an empty range; retries not counted).
   *
   * @return the number of ranged GETs
   */
  public int rangeCount() {
    return rangeCount;
  }

  /**
   * Returns the most range-buffer memory held at once.
   *
   * @return the most range-buffer memory held at once
   */
  public long peakBufferBytes() {
    return peakBufferBytes;
  }

  /**
   * Returns the stated bound on range-buffer memory: parallelism × min(length, range size).
   *
   * @return the stated bound on range-buffer memory
   */
  public long bufferBoundBytes() {
    return bufferBoundBytes;
  }

  @Override
  public String toString() {
    return "RangeDownloadResult{s3://" + bucket + "/" + key + ", eTag=" + eTag + ", bytes " + offsetBytes + "+"
        + lengthBytes + " of " + objectSizeBytes + ", ranges=" + rangeCount + ", peakBufferBytes=" + peakBufferBytes
        + "/" + bufferBoundBytes + "}";
  }
}
