package dev.cirrus.s3;

/**
 * The outcome of a successful byte-range download ({@link S3Transfers#downloadRange}).
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @param bucket the bucket
 * @param key the key
 * @param eTag the ETag every range was read with ({@code If-Match})
 * @param offsetBytes the offset of the first byte read
 * @param lengthBytes the number of bytes read
 * @param objectSizeBytes the size of the whole object
 * @param rangeCount the number of ranged GETs
 * @param peakBufferBytes the most range-buffer memory held at once
 * @param bufferBoundBytes the stated bound on range-buffer memory
 */
public record RangeDownloadResult(String bucket, String key, String eTag, long offsetBytes, long lengthBytes,
                                  long objectSizeBytes, int rangeCount, long peakBufferBytes, long bufferBoundBytes) {

  @Override
  public String toString() {
    return "RangeDownloadResult{s3://" + bucket + "/" + key + ", eTag=" + eTag + ", bytes " + offsetBytes + "+"
        + lengthBytes + " of " + objectSizeBytes + ", ranges=" + rangeCount + ", peakBufferBytes=" + peakBufferBytes
        + "/" + bufferBoundBytes + "}";
  }
}
