package dev.cirrus.crypto;

import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;

/**
 * What decrypting one message needs: the suite and encryption context from its header, the plaintext
 * data key once a keyring decrypted one, the id of the key that decrypted it and, for signed suites,
 * the verification key.
 *
 * <p>Immutable and thread-safe; {@code with...} methods return new instances.
 */
public final class DecryptionMaterials {
  private final AlgorithmSuite suite;
  private final Map<String, String> encryptionContext;
  private final DataKey dataKey;
  private final String keyId;
  private final PublicKey verificationKey;

  private DecryptionMaterials(
      AlgorithmSuite suite,
      Map<String, String> encryptionContext,
      DataKey dataKey,
      String keyId,
      PublicKey verificationKey) {
    this.suite = suite;
    this.encryptionContext = encryptionContext;
    this.dataKey = dataKey;
    this.keyId = keyId;
    this.verificationKey = verificationKey;
  }

  /**
   * Starts materials without a data key.
   *
   * @param suite the suite from the message header
   * @param encryptionContext the context from the message header, copied
   * @return new materials
   */
  public static DecryptionMaterials create(AlgorithmSuite suite, Map<String, String> encryptionContext) {
    Objects.requireNonNull(suite, "suite");
    return new DecryptionMaterials(
        suite, EncryptionMaterials.copyContext(encryptionContext), null, null, null);
  }

  /**
   * The algorithm suite.
   *
   * @return the algorithm suite
   */
  public AlgorithmSuite suite() {
    return suite;
  }

  /**
   * The encryption context from the message header, unmodifiable.
   *
   * @return the encryption context from the message header, unmodifiable
   */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /**
   * The plaintext data key, or {@code null} if no keyring decrypted one.
   *
   * @return the plaintext data key, or {@code null} if no keyring decrypted one
   */
  public DataKey dataKey() {
    return dataKey;
  }

  /** Destroys the data key, if any; for code that is done with these materials. */
  void destroyDataKey() {
    if (dataKey() != null) {
      dataKey().destroy();
    }
  }

  /**
   * The id of the wrapping key that decrypted the data key, or {@code null}.
   *
   * @return the id of the wrapping key that decrypted the data key, or {@code null}
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The ECDSA verification key for signed suites, otherwise {@code null}.
   *
   * @return the ECDSA verification key for signed suites, otherwise {@code null}
   */
  public PublicKey verificationKey() {
    return verificationKey;
  }

  /**
   * Returns a copy with the decrypted data key and the id of the key that decrypted it.
   *
   * @param dataKey the decrypted data key; its length must match the suite
   * @param keyId the id of the wrapping key that decrypted it
   * @return a copy holding {@code dataKey} and {@code keyId}
   * @throws IllegalStateException if a data key is already present
   * @throws IllegalArgumentException if the key length does not match the suite
   */
  public DecryptionMaterials withDataKey(DataKey dataKey, String keyId) {
    Objects.requireNonNull(dataKey, "dataKey");
    Objects.requireNonNull(keyId, "keyId");
    if (this.dataKey != null) {
      throw new IllegalStateException("decryption materials already hold a data key");
    }
    suite.checkDataKeyLength(dataKey);
    return new DecryptionMaterials(suite, encryptionContext, dataKey, keyId, verificationKey);
  }

  /**
   * Returns a copy with the ECDSA verification key.
   *
   * @param key the ECDSA verification key
   * @return a copy holding {@code key}
   */
  public DecryptionMaterials withVerificationKey(PublicKey key) {
    return new DecryptionMaterials(
        suite, encryptionContext, dataKey, keyId, Objects.requireNonNull(key, "verificationKey"));
  }

  /**
   * Returns a copy whose data key is {@code replacement}, used to hand out per-message key copies.
   *
   * @param replacement the data key to hold instead; its length must match the suite
   * @return a copy holding {@code replacement}
   * @throws IllegalArgumentException if the key length does not match the suite
   */
  public DecryptionMaterials withReplacedDataKey(DataKey replacement) {
    Objects.requireNonNull(replacement, "replacement");
    suite.checkDataKeyLength(replacement);
    return new DecryptionMaterials(suite, encryptionContext, replacement, keyId, verificationKey);
  }

  @Override
  public String toString() {
    return "DecryptionMaterials{suite=" + suite + ", keyId=" + keyId + "}";
  }
}
