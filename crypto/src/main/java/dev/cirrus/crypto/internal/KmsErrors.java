package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.DataKeyFailure;
import dev.cirrus.crypto.EncryptedDataKey;
import dev.cirrus.retry.ErrorClassifier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What a failed KMS call means for the caller. Whether it is retryable is the retry module's AWS
 * classification (throttling codes, HTTP 429 and 5xx, I/O failures), so it agrees with the retries
 * {@code KmsClients} configures: a KMS call that failed with a retryable error failed after the client's
 * own retries, and a later call may succeed. Thread-safe.
 */
public final class KmsErrors {
  private static final int MAX_MESSAGE_CHARS = 200;

  private KmsErrors() {}

  /** True if making the same KMS call later may succeed. */
  public static boolean retryable(Throwable t) {
    return t != null && ErrorClassifier.aws().classify(Futures.unwrap(t)).isRetryable();
  }

  /** The KMS error code, or null if KMS gave none (no response, or a response without a code). */
  public static String errorCode(Throwable t) {
    Throwable c = Futures.unwrap(t);
    if (c instanceof AwsServiceException && ((AwsServiceException) c).awsErrorDetails() != null) {
      return ((AwsServiceException) c).awsErrorDetails().errorCode();
    }
    return null;
  }

  /**
   * Why a KMS call on {@code edk} failed: the error code and HTTP status ({@code AccessDeniedException
   * (HTTP 400)}) if KMS answered, else the client failure's type and first message line.
   */
  public static DataKeyFailure failure(EncryptedDataKey edk, Throwable t) {
    Throwable c = Futures.unwrap(t);
    String code = errorCode(c);
    String reason;
    if (c instanceof AwsServiceException) {
      reason = (code != null ? code : "no error code") + " (HTTP " + ((AwsServiceException) c).statusCode() + ")";
    } else if (c.getMessage() == null) {
      reason = c.getClass().getSimpleName();
    } else {
      String m = c.getMessage().lines().findFirst().orElse("");
      reason = c.getClass().getSimpleName() + ": "
          + (m.length() > MAX_MESSAGE_CHARS ? m.substring(0, MAX_MESSAGE_CHARS) + "..." : m);
    }
    return new DataKeyFailure(edk, reason, retryable(c));
  }
}
