package dev.cirrus.crypto;

import java.util.List;
import java.util.Map;

/**
 * The output of {@link CirrusCrypto#encrypt}: the message and what it was bound to.
 *
 * <p>Immutable and thread-safe, except that {@link #ciphertext()} returns the result array itself (not a
 * copy) to avoid copying large messages; callers own it.
 */
public final class EncryptResult {
  private final byte[] ciphertext;
  private final AlgorithmSuite suite;
  private final Map<String, String> encryptionContext;
  private final List<String> keyIds;

  EncryptResult(byte[] ciphertext, AlgorithmSuite suite, Map<String, String> context, List<String> keyIds) {
    this.ciphertext = ciphertext;
    this.suite = suite;
    this.encryptionContext = context;
    this.keyIds = keyIds;
  }

  /**
   * The message in the AWS Encryption SDK format; the caller owns the array.
   *
   * @return the message in the AWS Encryption SDK format; the caller owns the array
   */
  public byte[] ciphertext() {
    return ciphertext;
  }

  /**
   * The suite used.
   *
   * @return the suite used
   */
  public AlgorithmSuite suite() {
    return suite;
  }

  /**
   * The encryption context written in the header: the caller's entries plus, for signed suites, {@code
   * aws-crypto-public-key}. Unmodifiable.
   *
   * @return the caller's entries plus, for signed suites, {@code aws-crypto-public-key}; unmodifiable
   */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /**
   * The wrapping keys the data key was encrypted under (KMS key ARNs, raw AES key names).
   *
   * @return the wrapping keys the data key was encrypted under (KMS key ARNs, raw AES key names)
   */
  public List<String> keyIds() {
    return keyIds;
  }
}
