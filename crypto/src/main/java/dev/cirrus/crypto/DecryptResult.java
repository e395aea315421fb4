package dev.cirrus.crypto;

import java.util.Map;

/**
 * The output of {@link CirrusCrypto#decrypt}: the authenticated plaintext and what it was bound to.
 *
 * <p>Immutable and thread-safe, except that {@link #plaintext()} returns the array itself; callers own
 * it.
 */
public final class DecryptResult {
  private final byte[] plaintext;
  private final AlgorithmSuite suite;
  private final Map<String, String> encryptionContext;
  private final String keyId;

  DecryptResult(byte[] plaintext, AlgorithmSuite suite, Map<String, String> context, String keyId) {
    this.plaintext = plaintext;
    this.suite = suite;
    this.encryptionContext = context;
    this.keyId = keyId;
  }

  /**
   * The plaintext, released only after every tag (and the signature, for signed suites) verified.
   *
   * @return the plaintext, released only after every tag (and the signature, for signed suites) verified
   */
  public byte[] plaintext() {
    return plaintext;
  }

  /**
   * The suite of the message.
   *
   * @return the suite of the message
   */
  public AlgorithmSuite suite() {
    return suite;
  }

  /**
   * The authenticated encryption context from the header (including {@code aws-crypto-*} entries).
   *
   * @return the authenticated encryption context from the header (including {@code aws-crypto-*} entries)
   */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /**
   * The wrapping key that decrypted the data key (KMS key ARN or raw AES key name).
   *
   * @return the wrapping key that decrypted the data key (KMS key ARN or raw AES key name)
   */
  public String keyId() {
    return keyId;
  }
}
