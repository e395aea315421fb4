package dev.cirrus.s3;

/**
 * An operational failure of an S3 transfer; the subclasses carry the transfer's state.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class S3TransferException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The bucket. */
  private final String bucket;
  /** The key. */
  private final String key;

  /**
   * Creates an exception for the object {@code s3://bucket/key}.
   *
   * @param message the detail message
   * @param bucket the bucket name
   * @param key the object key
   * @param cause the underlying failure, or null
   */
  public S3TransferException(String message, String bucket, String key, Throwable cause) {
    super(message, cause);
    this.bucket = bucket;
    this.key = key;
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
}
