package dev.cirrus.s3;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a successful upload.
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @param bucket the bucket
 * @param key the key
 * @param uploadId the multipart upload id; empty if a single PutObject was used
 * @param eTag the ETag S3 gave the object
 * @param sizeBytes the object size
 * @param partCount the number of parts; 0 for a single PutObject
 * @param objectChecksum the whole-object checksum computed locally (composite form {@code base64-N} for
 *     multipart); empty if none was computed
 * @param checksumCheck whether S3's whole-object checksum was compared
 * @param peakBufferBytes the most part-buffer memory the upload held at once
 * @param bufferBoundBytes the stated bound on part-buffer memory for this upload (parallelism × largest part
 *     read)
 */
public record UploadResult(String bucket, String key, Optional<String> uploadId, String eTag, long sizeBytes,
                           int partCount, Optional<String> objectChecksum, ChecksumCheck checksumCheck,
                           long peakBufferBytes, long bufferBoundBytes) {

  /**
   * Checks the components.
   *
   * @param bucket the bucket
   * @param key the key
   * @param uploadId the multipart upload id; empty if a single PutObject was used
   * @param eTag the ETag S3 gave the object
   * @param sizeBytes the object size
   * @param partCount the number of parts; 0 for a single PutObject
   * @param objectChecksum the whole-object checksum computed locally; empty if none was computed
   * @param checksumCheck whether S3's whole-object checksum was compared
   * @param peakBufferBytes the most part-buffer memory the upload held at once
   * @param bufferBoundBytes the stated bound on part-buffer memory for this upload
   * @throws NullPointerException if {@code uploadId} or {@code objectChecksum} is null (use
   *     {@link Optional#empty()})
   */
  public UploadResult {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(objectChecksum, "objectChecksum");
  }

  @Override
  public String toString() {
    return "UploadResult{s3://" + bucket + "/" + key + ", uploadId=" + uploadId.orElse(null) + ", eTag=" + eTag
        + ", size=" + sizeBytes + ", parts=" + partCount + ", checksum=" + objectChecksum.orElse(null) + " " + checksumCheck
        + ", peakBufferBytes=" + peakBufferBytes + "/" + bufferBoundBytes + "}";
  }
}
