package dev.cirrus.crypto;

import java.util.List;

/**
 * No key could decrypt this message: every encrypted data key was refused (wrong key, access denied, key
 * disabled or pending deletion, a damaged encrypted key) or belongs to no configured keyring. Retrying
 * does not help: {@link #retryable()} is false, as for an {@link InvalidCiphertextException}. The
 * message starts with {@value #SUMMARY} and lists each key ARN (or raw key name) with the reason.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public final class NoDecryptableKeyException extends DataKeyDecryptionException {
  private static final long serialVersionUID = 1L;

  /** The start of every message. */
  public static final String SUMMARY = "no key could decrypt this message";

  /**
   * Creates the exception.
   *
   * @param failures why each encrypted data key failed, in message order; copied
   * @throws IllegalArgumentException if {@code failures} is empty or one of them is retryable
   */
  public NoDecryptableKeyException(List<DataKeyFailure> failures) {
    super(SUMMARY, checkedPermanent(failures));
  }

  private static List<DataKeyFailure> checkedPermanent(List<DataKeyFailure> failures) {
    List<DataKeyFailure> copy = checked(failures);
    for (DataKeyFailure f : copy) {
      if (f.retryable()) {
        throw new IllegalArgumentException(
            "failures must all be non-retryable for NoDecryptableKeyException, was retryable: " + f);
      }
    }
    return copy;
  }

  /**
   * Always false: the same decrypt fails the same way.
   *
   * @return false
   */
  @Override
  public boolean retryable() {
    return false;
  }
}
