package dev.cirrus.crypto;

/**
 * The single, deliberately opaque failure for any message that cannot be decrypted: malformed or
 * truncated bytes, a failed authentication tag, a wrong key, a wrong encryption context, a failed key
 * commitment or signature check. The message is always {@value #MESSAGE}; the cause (when present) is
 * kept for logs but callers MUST NOT branch on it or show it to whoever supplied the ciphertext.
 *
 * <p>When this is thrown, no plaintext has been returned; a decrypting stream may already have released
 * the plaintext of earlier frames whose own tags verified (see {@link CirrusCrypto}).
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public final class InvalidCiphertextException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** The fixed message of every instance. */
  public static final String MESSAGE = "invalid ciphertext";

  /** Creates the exception without a cause. */
  public InvalidCiphertextException() {
    super(MESSAGE, null);
  }

  /**
   * Creates the exception, keeping {@code cause} for logs.
   *
   * @param cause the internal reason, may be null
   */
  public InvalidCiphertextException(Throwable cause) {
    super(MESSAGE, cause);
  }
}
