package dev.cirrus.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A data key encrypted under one wrapping key, as stored in the message header: a key provider id
 * ({@code aws-kms} for AWS KMS, the key namespace for raw AES keys), provider information (the KMS key
 * ARN, or the raw AES key name, tag length, IV length and IV) and the ciphertext.
 *
 * <p>Instances are immutable and thread-safe; accessors return copies.
 */
public final class EncryptedDataKey {
  private final String providerId;
  private final byte[] providerInfo;
  private final byte[] ciphertext;
  /** Cached hash (0 = not yet computed); decrypt-path cache keys hash the data keys of every message. */
  private int hash;

  private EncryptedDataKey(String providerId, byte[] providerInfo, byte[] ciphertext) {
    this.providerId = providerId;
    this.providerInfo = providerInfo;
    this.ciphertext = ciphertext;
  }

  /**
   * Creates an encrypted data key.
   *
   * @param providerId the key provider id, at most 65535 UTF-8 bytes
   * @param providerInfo the key provider information, at most 65535 bytes
   * @param ciphertext the encrypted key, at most 65535 bytes
   * @return a new value holding copies of the arrays
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if a field is longer than 65535 bytes
   */
  public static EncryptedDataKey of(String providerId, byte[] providerInfo, byte[] ciphertext) {
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(providerInfo, "providerInfo");
    Objects.requireNonNull(ciphertext, "ciphertext");
    checkLength("providerId", providerId.getBytes(StandardCharsets.UTF_8).length);
    checkLength("providerInfo", providerInfo.length);
    checkLength("ciphertext", ciphertext.length);
    return new EncryptedDataKey(providerId, providerInfo.clone(), ciphertext.clone());
  }

  private static void checkLength(String name, int length) {
    if (length > 0xFFFF) {
      throw new IllegalArgumentException(name + " must be at most 65535 bytes, was " + length);
    }
  }

  /**
   * The key provider id, e.g. {@code aws-kms}.
   *
   * @return the key provider id, e.g. {@code aws-kms}
   */
  public String providerId() {
    return providerId;
  }

  /**
   * A copy of the key provider information.
   *
   * @return a copy of the key provider information
   */
  public byte[] providerInfo() {
    return providerInfo.clone();
  }

  /**
   * The provider information decoded as UTF-8 (the KMS key ARN for {@code aws-kms} keys).
   *
   * @return the provider information decoded as UTF-8 (the KMS key ARN for {@code aws-kms} keys)
   */
  public String providerInfoUtf8() {
    return new String(providerInfo, StandardCharsets.UTF_8);
  }

  /**
   * A copy of the encrypted key bytes.
   *
   * @return a copy of the encrypted key bytes
   */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /**
   * Length of the provider information in bytes.
   *
   * @return the length of the provider information in bytes
   */
  public int providerInfoLengthBytes() {
    return providerInfo.length;
  }

  /**
   * Length of the ciphertext in bytes.
   *
   * @return the length of the ciphertext in bytes
   */
  public int ciphertextLengthBytes() {
    return ciphertext.length;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EncryptedDataKey)) {
      return false;
    }
    EncryptedDataKey that = (EncryptedDataKey) o;
    return providerId.equals(that.providerId)
        && Arrays.equals(providerInfo, that.providerInfo)
        && Arrays.equals(ciphertext, that.ciphertext);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * (31 * providerId.hashCode() + Arrays.hashCode(providerInfo)) + Arrays.hashCode(ciphertext);
      hash = h;
    }
    return h;
  }

  /** Names the provider and the lengths; the bytes are not secret but are not printed either. */
  @Override
  public String toString() {
    return "EncryptedDataKey{providerId=" + providerId + ", providerInfoBytes=" + providerInfo.length
        + ", ciphertextBytes=" + ciphertext.length + "}";
  }
}
