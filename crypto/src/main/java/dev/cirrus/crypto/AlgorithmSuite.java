package dev.cirrus.crypto;

/**
 * The AWS Encryption SDK algorithm suites Cirrus reads and writes.
 *
 * <p>Cirrus encrypts only with the committing suites of message format version 2 ({@link
 * #AES_256_GCM_HKDF_SHA512_COMMIT_KEY} by default). The two non-committing version 1 suites can be
 * decrypted only when the {@link CommitmentPolicy} allows it.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum AlgorithmSuite {
  /** {@code 0x0178}: AES-256-GCM, HKDF-SHA256, no key commitment, no signature (message format 1). */
  AES_256_GCM_IV12_TAG16_HKDF_SHA256(0x0178, 1, false, false, "HmacSHA256"),
  /** {@code 0x0378}: AES-256-GCM, HKDF-SHA384, ECDSA P-384, no key commitment (message format 1). */
  AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384(0x0378, 1, false, true, "HmacSHA384"),
  /** {@code 0x0478}: AES-256-GCM, HKDF-SHA512, key commitment, no signature (message format 2). Default. */
  AES_256_GCM_HKDF_SHA512_COMMIT_KEY(0x0478, 2, true, false, "HmacSHA512"),
  /** {@code 0x0578}: AES-256-GCM, HKDF-SHA512, key commitment, ECDSA P-384 (message format 2). */
  AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384(0x0578, 2, true, true, "HmacSHA512");

  private final int id;
  private final int messageFormatVersion;
  private final boolean committing;
  private final boolean signed;
  private final String hkdfMac;

  AlgorithmSuite(int id, int messageFormatVersion, boolean committing, boolean signed, String hkdfMac) {
    this.id = id;
    this.messageFormatVersion = messageFormatVersion;
    this.committing = committing;
    this.signed = signed;
    this.hkdfMac = hkdfMac;
  }

  /**
   * The two-byte suite identifier written in the message header, e.g. {@code 0x0478}.
   *
   * @return the two-byte suite identifier written in the message header, e.g. {@code 0x0478}
   */
  public int id() {
    return id;
  }

  /**
   * The message format version this suite belongs to: 1 or 2.
   *
   * @return the message format version this suite belongs to: 1 or 2
   */
  public int messageFormatVersion() {
    return messageFormatVersion;
  }

  /**
   * Whether the suite commits to its data key (a message decrypts under exactly one data key).
   *
   * @return {@code true} if the suite commits to its data key
   */
  public boolean isCommitting() {
    return committing;
  }

  /**
   * Whether messages carry an ECDSA P-384 signature in a footer.
   *
   * @return {@code true} if messages in this suite carry an ECDSA P-384 signature
   */
  public boolean isSigned() {
    return signed;
  }

  /**
   * Length of the plaintext data key, in bytes: always 32.
   *
   * @return the data key length in bytes (32)
   */
  public int dataKeyLengthBytes() {
    return 32;
  }

  /**
   * Returns {@code key} if its length is this suite's data-key length; materials never hold a key of another
   * length (a short key zero-padded into the key derivation would be weak and unreadable elsewhere).
   *
   * @throws IllegalArgumentException if the length differs
   */
  DataKey checkDataKeyLength(DataKey key) {
    if (key.lengthBytes() != dataKeyLengthBytes()) {
      throw new IllegalArgumentException(
          "dataKey length must be " + dataKeyLengthBytes() + " bytes, was " + key.lengthBytes());
    }
    return key;
  }

  /**
   * JCA name of the HMAC this suite's HKDF uses, e.g. {@code HmacSHA512}.
   *
   * @return the JCA name of the HMAC this suite's HKDF uses, e.g. {@code HmacSHA512}
   */
  public String hkdfMacAlgorithm() {
    return hkdfMac;
  }

  /**
   * Returns the suite with the given identifier.
   *
   * @param id the two-byte identifier, e.g. {@code 0x0478}
   * @return the suite
   * @throws IllegalArgumentException if Cirrus does not support the identifier
   */
  public static AlgorithmSuite fromId(int id) {
    AlgorithmSuite suite = fromIdOrNull(id);
    if (suite == null) {
      throw new IllegalArgumentException(
          "algorithm suite id must be one of 0x0178, 0x0378, 0x0478, 0x0578, was " + hex(id));
    }
    return suite;
  }

  /**
   * Returns the suite with the given identifier, or {@code null} if Cirrus does not support it.
   *
   * @param id the two-byte identifier
   * @return the suite or {@code null}
   */
  public static AlgorithmSuite fromIdOrNull(int id) {
    for (AlgorithmSuite s : values()) {
      if (s.id == id) {
        return s;
      }
    }
    return null;
  }

  /** Formats an identifier as {@code 0x0478}. */
  static String hex(int id) {
    return String.format("0x%04X", id);
  }
}
