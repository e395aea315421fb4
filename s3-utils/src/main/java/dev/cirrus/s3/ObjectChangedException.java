package dev.cirrus.s3;

/**
 * The object was replaced while it was being downloaded ({@code If-Match} on its ETag failed with 412). Its
 * ranges are never mixed: the download stops and the caller may start again.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public final class ObjectChangedException extends DownloadFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param eTag the ETag of the object version
   * @param bytesWritten bytes written to the destination, in order
   * @param cause the underlying failure, or null
   */
  public ObjectChangedException(String bucket, String key, String eTag, long bytesWritten, Throwable cause) {
    super("s3://" + bucket + "/" + key + " changed during the download: it no longer has ETag " + eTag, bucket,
        key, eTag, bytesWritten, cause);
  }
}
