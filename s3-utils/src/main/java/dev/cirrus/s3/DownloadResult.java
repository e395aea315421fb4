package dev.cirrus.s3;

/**
 * The outcome of a successful download.
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @param bucket the bucket
 * @param key the key
 * @param eTag the ETag every range was read with ({@code If-Match})
 * @param sizeBytes the object size
 * @param rangeCount the number of ranges the object was read in: 1 when the first GET ({@code partNumber=1})
 *     returned the whole object, else 1 plus the ranged GETs that followed (retries not counted)
 * @param rangeSizeBytes the size of the ranges after the first (all but the last); the object size when one
 *     response held the whole object
 * @param alignedToParts whether ranges followed the object's part boundaries
 * @param checksumCheck whether S3's whole-object checksum was compared
 * @param peakBufferBytes the most range-buffer memory the download held at once
 * @param bufferBoundBytes the stated bound on buffer memory (parallelism × range size)
 */
public record DownloadResult(String bucket, String key, String eTag, long sizeBytes, int rangeCount,
                             long rangeSizeBytes, boolean alignedToParts, ChecksumCheck checksumCheck,
                             long peakBufferBytes, long bufferBoundBytes) {

  @Override
  public String toString() {
    return "DownloadResult{s3://" + bucket + "/" + key + ", eTag=" + eTag + ", size=" + sizeBytes + ", ranges="
        + rangeCount + "x" + rangeSizeBytes + (alignedToParts ? " aligned" : "") + ", " + checksumCheck
        + ", peakBufferBytes=" + peakBufferBytes + "/" + bufferBoundBytes + "}";
  }
}
