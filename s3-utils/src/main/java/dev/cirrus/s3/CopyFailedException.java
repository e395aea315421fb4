package dev.cirrus.s3;

import java.util.List;
import java.util.Optional;

/**
 * A server-side copy failed. Unless {@link #aborted()} is false, its multipart upload (if any) was aborted and no
 * parts are left billing the account; the target is unchanged. Immutable once thrown, safe to share.
 */
public final class CopyFailedException extends S3TransferException {
  private static final long serialVersionUID = 1L;

  /** The source bucket. */
  private final String sourceBucket;
  /** The source key. */
  private final String sourceKey;
  /** The multipart upload id, or null. */
  private final String uploadId;
  /** The part numbers S3 acknowledged, ascending. */
  private final List<Integer> partsCompleted;
  /** Whether no incomplete multipart upload is left behind. */
  private final boolean aborted;

  /**
   * Creates the exception.
   *
   * @param sourceBucket the source bucket
   * @param sourceKey the source key
   * @param bucket the target bucket
   * @param key the target key
   * @param uploadId the multipart upload id, or null if none was created
   * @param partsCompleted the part numbers S3 acknowledged, ascending
   * @param aborted whether no incomplete multipart upload is left (aborted, or none created)
   * @param cause the underlying failure
   */
  public CopyFailedException(String sourceBucket, String sourceKey, String bucket, String key, String uploadId,
      List<Integer> partsCompleted, boolean aborted, Throwable cause) {
    super("copy of s3://" + sourceBucket + "/" + sourceKey + " to s3://" + bucket + "/" + key + " failed after "
        + partsCompleted.size() + " part(s) (" + (uploadId == null ? "no multipart upload was created"
        : "upload id " + uploadId + (aborted ? ", aborted" : ", NOT aborted: abort it, or let the "
        + "AbortIncompleteMultipartUpload lifecycle rule remove it")) + "): " + cause, bucket, key, cause);
    this.sourceBucket = sourceBucket;
    this.sourceKey = sourceKey;
    this.uploadId = uploadId;
    this.partsCompleted = List.copyOf(partsCompleted);
    this.aborted = aborted;
  }

  /** @return the source bucket */
  public String sourceBucket() {
    return sourceBucket;
  }

  /** @return the source key */
  public String sourceKey() {
    return sourceKey;
  }

  /** @return the multipart upload id, if one was created */
  public Optional<String> uploadId() {
    return Optional.ofNullable(uploadId);
  }

  /** @return the part numbers S3 acknowledged before the failure, ascending */
  public List<Integer> partsCompleted() {
    return partsCompleted;
  }

  /** @return whether no incomplete multipart upload is left behind */
  public boolean aborted() {
    return aborted;
  }
}
