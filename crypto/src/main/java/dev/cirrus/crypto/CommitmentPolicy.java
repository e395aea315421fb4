package dev.cirrus.crypto;

/**
 * Which algorithm suites a {@link CirrusCrypto} may decrypt, following the AWS Encryption SDK's
 * commitment policy model. Cirrus always encrypts with a committing suite.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum CommitmentPolicy {
  /**
   * Encrypt with key commitment and decrypt only messages that use key commitment. The default, and
   * the only safe choice unless you must read messages written before key commitment existed.
   */
  REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  /**
   * Encrypt with key commitment, but also decrypt legacy messages in the non-committing suites
   * {@code 0x0178} and {@code 0x0378}. Use only while migrating old data.
   */
  REQUIRE_ENCRYPT_ALLOW_DECRYPT;

  /**
   * Whether this policy allows decrypting a message in {@code suite}.
   *
   * @param suite the suite of the message
   * @return {@code true} if the suite is committing, or if this policy is {@link
   *     #REQUIRE_ENCRYPT_ALLOW_DECRYPT}
   */
  public boolean allowsDecrypt(AlgorithmSuite suite) {
    return suite.isCommitting() || this == REQUIRE_ENCRYPT_ALLOW_DECRYPT;
  }
}
