package dev.cirrus.s3;

import java.util.List;
import java.util.Optional;

/**
 * An upload failed or was cancelled. Unless {@link #aborted()} is false, the multipart upload has been aborted
 * and no parts are left billing the account.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public final class MultipartUploadFailedException extends S3TransferException {
  private static final long serialVersionUID = 1L;

  /** The multipart upload id, or null if none was created. */
  private final String uploadId;
  /** The part numbers S3 acknowledged, ascending. */
  private final List<Integer> partsCompleted;
  /** Whether the caller cancelled. */
  private final boolean cancelled;
  /** Whether no incomplete multipart upload is left behind. */
  private final boolean aborted;

  /**
   * Creates the exception.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param cause the underlying failure, or null
   * @param uploadId the multipart upload id, or null if none was created (single PutObject, or failure before
   *     CreateMultipartUpload)
   * @param partsCompleted the part numbers S3 had acknowledged, ascending
   * @param cancelled whether the caller cancelled
   * @param aborted whether no incomplete multipart upload is left: AbortMultipartUpload succeeded, or there was
   *     nothing to abort
   */
  public MultipartUploadFailedException(String bucket, String key, String uploadId, List<Integer> partsCompleted,
      boolean cancelled, boolean aborted, Throwable cause) {
    super(message(bucket, key, uploadId, partsCompleted, cancelled, aborted, cause), bucket, key, cause);
    this.uploadId = uploadId;
    this.partsCompleted = List.copyOf(partsCompleted);
    this.cancelled = cancelled;
    this.aborted = aborted;
  }

  private static String message(String bucket, String key, String uploadId, List<Integer> parts,
      boolean cancelled, boolean aborted, Throwable cause) {
    String what = cancelled ? "cancelled" : "failed";
    String state = uploadId == null ? "no multipart upload was created"
        : "upload id " + uploadId + (aborted ? ", aborted" : ", NOT aborted: abort it, or let the AbortIncompleteMultipartUpload lifecycle rule remove it");
    return "upload to s3://" + bucket + "/" + key + " " + what + " after " + parts.size() + " part(s) ("
        + state + ")" + (cause == null ? "" : ": " + cause);
  }

  /**
   * Returns the multipart upload id, if one was created.
   *
   * @return the multipart upload id, if one was created
   */
  public Optional<String> uploadId() {
    return Optional.ofNullable(uploadId);
  }

  /**
   * Returns the part numbers S3 had acknowledged before the failure, ascending.
   *
   * @return the part numbers S3 had acknowledged before the failure, ascending
   */
  public List<Integer> partsCompleted() {
    return partsCompleted;
  }

  /**
   * Returns whether the upload was cancelled by the caller.
   *
   * @return whether the upload was cancelled by the caller
   */
  public boolean cancelled() {
    return cancelled;
  }

  /**
   * Returns whether no incomplete multipart upload is left behind: it was aborted, never created, or (for a
   * checksum mismatch found after CompleteMultipartUpload) already completed.
   *
   * @return whether no incomplete multipart upload is left behind
   */
  public boolean aborted() {
    return aborted;
  }
}
