package dev.cirrus.s3;

import java.util.Optional;

/**
 * The outcome of a successful upload.
 *
 * <p>This class is immutable and threadsafe.
 */
public final class UploadResult {
  private final String bucket;
  private final String key;
  private final String uploadId;
  private final String eTag;
  private final long sizeBytes;
  private final int partCount;
  private final String objectChecksum;
  private final ChecksumCheck checksumCheck;
  private final long peakBufferBytes;
  private final long bufferBoundBytes;

  /**
   * Creates a result; uploadId and objectChecksum may be null.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param uploadId the multipart upload id
   * @param eTag the ETag of the object version
   * @param sizeBytes the object size in bytes
   * @param partCount the number of parts, 0 for a single PutObject
   * @param objectChecksum the locally computed whole-object checksum, or null
   * @param checksumCheck what could be checked end to end
   * @param peakBufferBytes the most range-buffer memory held at once
   * @param bufferBoundBytes the stated bound on range-buffer memory
   */
  public UploadResult(String bucket, String key, String uploadId, String eTag, long sizeBytes, int partCount,
      String objectChecksum, ChecksumCheck checksumCheck, long peakBufferBytes, long bufferBoundBytes) {
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
    this.eTag = eTag;
    this.sizeBytes = sizeBytes;
    this.partCount = partCount;
    this.objectChecksum = objectChecksum;
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
   * Returns the multipart upload id; empty if a single PutObject was used.
   *
   * @return the multipart upload id; empty if a single PutObject was used
   */
  public Optional<String> uploadId() {
    return Optional.ofNullable(uploadId);
  }

  /**
   * Returns the ETag S3 gave the object.
   *
   * @return the ETag S3 gave the object
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
   * Returns the number of parts; 0 for a single PutObject.
   *
   * @return the number of parts; 0 for a single PutObject
   */
  public int partCount() {
    return partCount;
  }

  /**
   * Returns the whole-object checksum computed locally (composite form {@code base64-N} for multipart).
   *
   * @return the whole-object checksum computed locally (composite form {@code base64-N} for multipart)
   */
  public Optional<String> objectChecksum() {
    return Optional.ofNullable(objectChecksum);
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
   * Returns the most part-buffer memory the upload held at once.
   *
   * @return the most part-buffer memory the upload held at once
   */
  public long peakBufferBytes() {
    return peakBufferBytes;
  }

  /**
   * Returns the stated bound on part-buffer memory for this upload (parallelism × largest part read).
   *
   * @return the stated bound on part-buffer memory for this upload (parallelism × largest part read)
   */
  public long bufferBoundBytes() {
    return bufferBoundBytes;
  }

  @Override
  public String toString() {
    return "UploadResult{s3://" + bucket + "/" + key + ", uploadId=" + uploadId + ", eTag=" + eTag + ", size="
        + sizeBytes + ", parts=" + partCount + ", checksum=" + objectChecksum + " " + checksumCheck
        + ", peakBufferBytes=" + peakBufferBytes + "/" + bufferBoundBytes + "}";
  }
}
