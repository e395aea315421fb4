package dev.cirrus.crypto;

import java.util.List;

/**
 * KMS is unavailable or throttling: no encrypted data key could be decrypted, and at least one could
 * not be tried because KMS did not answer (connection refused or reset, timeout), failed (HTTP 5xx) or
 * throttled, after the KMS client's own retries. The same decrypt may succeed later: {@link
 * #retryable()} is true. The message starts with {@value #SUMMARY} and lists each key ARN with the
 * reason, including keys that were refused for good.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public final class KmsUnavailableException extends DataKeyDecryptionException {
  private static final long serialVersionUID = 1L;

  /** The start of every message. */
  public static final String SUMMARY = "KMS is unavailable or throttling, retry later";

  /**
   * Creates the exception.
   *
   * @param failures why each encrypted data key failed, in message order; copied
   * @throws IllegalArgumentException if {@code failures} is empty or none of them is retryable
   */
  public KmsUnavailableException(List<DataKeyFailure> failures) {
    super(SUMMARY, checkedTransient(failures));
  }

  private static List<DataKeyFailure> checkedTransient(List<DataKeyFailure> failures) {
    List<DataKeyFailure> copy = checked(failures);
    for (DataKeyFailure f : copy) {
      if (f.retryable()) {
        return copy;
      }
    }
    throw new IllegalArgumentException(
        "failures must include a retryable one for KmsUnavailableException, were " + copy);
  }

  /**
   * Always true: the same decrypt may succeed once KMS answers again.
   *
   * @return true
   */
  @Override
  public boolean retryable() {
    return true;
  }
}
