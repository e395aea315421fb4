package dev.cirrus.s3;

/**
 * A download failed. A download to a file leaves no file behind; a download to a stream may have written a
 * prefix of the object (always of the single version named by {@link #eTag()}).
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class DownloadFailedException extends S3TransferException {
  private static final long serialVersionUID = 1L;

  /** The ETag of the version being downloaded, or null. */
  private final String eTag;
  /** Bytes written to the destination, in order. */
  private final long bytesWritten;

  /**
   * Creates the exception; eTag may be null if the object could not be read at all.
   *
   * @param message the detail message
   * @param bucket the bucket name
   * @param key the object key
   * @param eTag the ETag of the object version
   * @param bytesWritten bytes written to the destination, in order
   * @param cause the underlying failure, or null
   */
  public DownloadFailedException(String message, String bucket, String key, String eTag, long bytesWritten,
      Throwable cause) {
    super(message, bucket, key, cause);
    this.eTag = eTag;
    this.bytesWritten = bytesWritten;
  }

  /**
   * Returns the ETag of the version being downloaded, or null if unknown.
   *
   * @return the ETag of the version being downloaded, or null if unknown
   */
  public String eTag() {
    return eTag;
  }

  /**
   * Returns how many bytes had been written to the destination, in order.
   *
   * @return how many bytes had been written to the destination, in order
   */
  public long bytesWritten() {
    return bytesWritten;
  }
}
