package dev.cirrus.crypto;

/**
 * Base class of the operational failures of {@code cirrus-crypto}. Messages never contain key material
 * or plaintext.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
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
}
