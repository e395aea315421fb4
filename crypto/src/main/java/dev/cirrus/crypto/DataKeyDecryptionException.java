package dev.cirrus.crypto;

import java.util.List;
import java.util.Objects;

/**
 * No encrypted data key of a message could be decrypted, so the message cannot be read. One of two
 * kinds, told apart by type and by {@link #retryable()}:
 *
 * <ul>
 *   <li>{@link NoDecryptableKeyException}: no key could decrypt this message. Every key was tried and
 *       refused (wrong key, access denied, key disabled or pending deletion, damaged encrypted key), or
 *       no configured keyring holds any of them. Never retryable, like an {@link
 *       InvalidCiphertextException}.
 *   <li>{@link KmsUnavailableException}: KMS is unavailable or throttling. At least one key could not
 *       be tried because KMS did not answer, failed (HTTP 5xx) or throttled after the client's own
 *       retries. Retryable: the same decrypt may succeed later.
 * </ul>
 *
 * <p>{@link #failures()} and the message give, for each encrypted data key of the message, the key ARN
 * (or raw key name) and why it failed; never key bytes. The underlying SDK exceptions are kept as
 * suppressed exceptions, for logs.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public abstract sealed class DataKeyDecryptionException extends CryptoException
    permits NoDecryptableKeyException, KmsUnavailableException {
  private static final long serialVersionUID = 1L;
  /** The most failures the message lists; {@link #failures()} has them all. */
  static final int LISTED = 10;

  /** The failures, one per encrypted data key, in message order. */
  private final transient List<DataKeyFailure> failures;

  DataKeyDecryptionException(String summary, List<DataKeyFailure> failures) {
    super(summary + describe(failures), null);
    this.failures = failures;
  }

  /**
   * Returns the exception for {@code failures}: a {@link KmsUnavailableException} if any of them is
   * retryable, else a {@link NoDecryptableKeyException}.
   *
   * @param failures why each encrypted data key failed; copied
   * @return the exception of the matching kind
   * @throws IllegalArgumentException if {@code failures} is empty
   */
  public static DataKeyDecryptionException of(List<DataKeyFailure> failures) {
    List<DataKeyFailure> copy = checked(failures);
    for (DataKeyFailure f : copy) {
      if (f.retryable()) {
        return new KmsUnavailableException(copy);
      }
    }
    return new NoDecryptableKeyException(copy);
  }

  static List<DataKeyFailure> checked(List<DataKeyFailure> failures) {
    List<DataKeyFailure> copy = List.copyOf(Objects.requireNonNull(failures, "failures"));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("failures must name at least one encrypted data key, was empty");
    }
    return copy;
  }

  private static String describe(List<DataKeyFailure> failures) {
    StringBuilder b = new StringBuilder();
    b.append("; ").append(failures.size()).append(failures.size() == 1 ? " encrypted data key: " : " encrypted data keys: ");
    for (int i = 0; i < failures.size() && i < LISTED; i++) {
      b.append(i == 0 ? "" : "; ").append(failures.get(i));
    }
    if (failures.size() > LISTED) {
      b.append("; and ").append(failures.size() - LISTED).append(" more");
    }
    return b.toString();
  }

  /**
   * Why each encrypted data key of the message failed, in message order; unmodifiable.
   *
   * @return one failure per encrypted data key, in message order
   */
  public List<DataKeyFailure> failures() {
    return failures;
  }
}
