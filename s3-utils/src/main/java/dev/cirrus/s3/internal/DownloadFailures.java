package dev.cirrus.s3.internal;

import dev.cirrus.retry.RetriesExhaustedException;
import dev.cirrus.s3.DownloadFailedException;
import dev.cirrus.s3.ObjectChangedException;
import java.util.concurrent.CancellationException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** What a download's failures are thrown as. Stateless. */
final class DownloadFailures {
  private DownloadFailures() {
  }

  /**
   * The exception a download fails with: a cancellation if it was cancelled, an {@link ObjectChangedException}
   * if S3 answered 412 (the object no longer has the ETag the download started with), else the failure itself
   * if it is a {@link DownloadFailedException}, else a {@link DownloadFailedException} caused by it.
   */
  static DownloadFailedException of(String bucket, String key, boolean cancelled, Throwable failure, String eTag,
      long written) {
    Throwable t = failure instanceof OrderedWriter.TargetFailure ? failure.getCause() : failure;
    if (cancelled) {
      CancellationException c = new CancellationException("download cancelled");
      if (t != null && !(t instanceof CancellationException)) {
        c.addSuppressed(t); // e.g. the ClosedByInterruptException of the file being written
      }
      return new DownloadFailedException("download of s3://" + bucket + "/" + key + " cancelled after " + written
          + " bytes", bucket, key, eTag, written, c);
    }
    if (preconditionFailed(t)) {
      return new ObjectChangedException(bucket, key, eTag, written, t);
    }
    if (t instanceof DownloadFailedException) {
      return (DownloadFailedException) t;
    }
    return new DownloadFailedException("download of s3://" + bucket + "/" + key + " failed after " + written
        + " bytes: " + t, bucket, key, eTag, written, t);
  }

  /**
   * The HTTP status of the first S3 error in the cause chain (a {@link RetriesExhaustedException} counts with its
   * last failure), or -1 if there is none.
   */
  static int status(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AwsServiceException) {
        return ((AwsServiceException) c).statusCode();
      }
      if (c instanceof RetriesExhaustedException) {
        Throwable last = ((RetriesExhaustedException) c).lastFailure();
        if (last instanceof AwsServiceException) {
          return ((AwsServiceException) last).statusCode();
        }
      }
    }
    return -1;
  }

  /** Whether any S3 error in the cause chain (or the last failure of a retry chain in it) is a 412. */
  private static boolean preconditionFailed(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AwsServiceException && ((AwsServiceException) c).statusCode() == 412) {
        return true;
      }
      if (c instanceof RetriesExhaustedException) {
        Throwable last = ((RetriesExhaustedException) c).lastFailure();
        if (last instanceof AwsServiceException && ((AwsServiceException) last).statusCode() == 412) {
          return true;
        }
      }
    }
    return false;
  }

}
