package dev.cirrus.crypto;

/**
 * Base class of the operational failures of {@code cirrus-crypto}. Messages never contain key material
 * or plaintext.
 *
 * <p>{@link #retryable()} tells whether the same call may succeed later. Instances are immutable once thrown and safe to share between threads.
 */
public class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   * @param cause the underlying failure, may be null
   */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the same call may succeed if made again later, unchanged: true only for failures of a
   * service that was unreachable, failing or throttling (see {@link KmsUnavailableException}). By
   * default false: a malformed message, a wrong key, a refused permission or a policy violation fails
   * the same way every time.
   *
   * @return true if retrying the same call later may succeed
   */
  public boolean retryable() {
    return false;
  }
}
