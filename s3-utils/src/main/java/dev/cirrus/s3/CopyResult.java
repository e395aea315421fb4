package dev.cirrus.s3;

import java.util.Optional;

/**
 * The outcome of a server-side copy. Immutable and threadsafe.
 *
 * @param sourceBucket the source bucket
 * @param sourceKey the source key
 * @param bucket the target bucket
 * @param key the target key
 * @param sourceETag the source's ETag that every copy request required
 * @param eTag the target's ETag
 * @param sizeBytes the bytes copied
 * @param partCount the UploadPartCopy parts, 0 for a single CopyObject
 * @param uploadIdOrNull the multipart upload id, null for a single CopyObject
 */
public record CopyResult(String sourceBucket, String sourceKey, String bucket, String key, String sourceETag,
    String eTag, long sizeBytes, int partCount, String uploadIdOrNull) {

  /**
   * Returns the multipart upload id, if the copy was multipart.
   *
   * @return the multipart upload id, if the copy was multipart
   */
  public Optional<String> uploadId() {
    return Optional.ofNullable(uploadIdOrNull);
  }
}
