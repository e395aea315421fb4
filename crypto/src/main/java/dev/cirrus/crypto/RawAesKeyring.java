package dev.cirrus.crypto;

import dev.cirrus.crypto.internal.RawAes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A keyring that wraps data keys with an AES key you hold, byte-compatible with the AWS Encryption
 * SDK's raw AES keyring (framework/raw-aes-keyring.md): AES-GCM with a random 12-byte IV, 16-byte tag,
 * the serialized encryption context as AAD; provider id = key namespace; provider info = key name ||
 * UInt32 tag length in bits (128) || UInt32 IV length (12) || IV; ciphertext = encrypted key || tag.
 *
 * <p>Use it offline and in tests; in production prefer {@link KmsKeyring}, which keeps the wrapping key
 * inside KMS. Key ids reported in results are the key name.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class RawAesKeyring implements Keyring {
  /** Why an encrypted data key of this namespace did not unwrap; it cannot say which check failed. */
  static final String UNWRAP_FAILED =
      "did not unwrap with this keyring's key (other key name or wrapping key, other encryption context, or damaged)";

  private final String keyNamespace;
  private final String keyName;
  private final RawAes wrapper;

  private RawAesKeyring(Builder b) {
    this.keyNamespace = b.keyNamespace;
    this.keyName = b.keyName;
    this.wrapper = new RawAes(b.wrappingKey, keyName.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The key namespace (the provider id written in the message).
   *
   * @return the key namespace (the provider id written in the message)
   */
  public String keyNamespace() {
    return keyNamespace;
  }

  /**
   * The key name.
   *
   * @return the key name
   */
  public String keyName() {
    return keyName;
  }

  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    EncryptionMaterials m = materials;
    if (m.dataKey() == null) {
      m = m.withDataKey(RawAes.generateDataKey(m.suite()));
    }
    return m.withEncryptedDataKey(wrapper.wrap(keyNamespace, m.dataKey(), m.encryptionContext()));
  }

  /**
   * Tries every encrypted data key of this keyring's namespace.
   *
   * @throws NoDecryptableKeyException if at least one is in this keyring's namespace and none unwraps
   *     (another key name, another wrapping key, another encryption context, or damaged)
   */
  @Override
  public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    if (materials.dataKey() != null) {
      return materials;
    }
    List<DataKeyFailure> failures = new ArrayList<>();
    for (EncryptedDataKey edk : edks) {
      if (!edk.providerId().equals(keyNamespace)) {
        continue;
      }
      DataKey key = wrapper.unwrap(edk, materials.encryptionContext(), materials.suite());
      if (key != null) {
        return materials.withDataKey(key, keyName);
      }
      failures.add(new DataKeyFailure(edk, UNWRAP_FAILED, false));
    }
    if (!failures.isEmpty()) {
      throw new NoDecryptableKeyException(failures);
    }
    return materials;
  }

  @Override
  public String toString() {
    return "RawAesKeyring{keyNamespace=" + keyNamespace + ", keyName=" + keyName + "}";
  }

  /** Builds {@link RawAesKeyring}s. Not thread-safe; {@code build()} copies the key. */
  public static final class Builder {
    private String keyNamespace;
    private String keyName;
    private byte[] wrappingKey;

    private Builder() {}

    /**
     * The key namespace, written as the provider id. Required.
     *
     * @param keyNamespace the key namespace
     * @return this builder
     * @throws IllegalArgumentException if blank or starts with {@code aws-kms} (reserved for KMS)
     */
    public Builder keyNamespace(String keyNamespace) {
      Objects.requireNonNull(keyNamespace, "keyNamespace");
      if (keyNamespace.isEmpty() || keyNamespace.startsWith("aws-kms")) {
        throw new IllegalArgumentException(
            "keyNamespace must be non-empty and must not start with \"aws-kms\", was \"" + keyNamespace + "\"");
      }
      this.keyNamespace = keyNamespace;
      return this;
    }

    /**
     * The key name, written in the provider info. Required, non-empty.
     *
     * @param keyName the key name
     * @return this builder
     * @throws IllegalArgumentException if empty
     */
    public Builder keyName(String keyName) {
      Objects.requireNonNull(keyName, "keyName");
      if (keyName.isEmpty()) {
        throw new IllegalArgumentException("keyName must be non-empty, was \"\"");
      }
      this.keyName = keyName;
      return this;
    }

    /**
     * The AES wrapping key: 16, 24 or 32 bytes. Required. Copied.
     *
     * @param wrappingKey the AES key bytes; copied
     * @return this builder
     * @throws IllegalArgumentException if the length is not 16, 24 or 32
     */
    public Builder wrappingKey(byte[] wrappingKey) {
      Objects.requireNonNull(wrappingKey, "wrappingKey");
      if (wrappingKey.length != 16 && wrappingKey.length != 24 && wrappingKey.length != 32) {
        throw new IllegalArgumentException(
            "wrappingKey length must be 16, 24 or 32 bytes, was " + wrappingKey.length);
      }
      this.wrappingKey = wrappingKey.clone();
      return this;
    }

    /**
     * Builds the keyring.
     *
     * @return a new keyring, wrapping with AES-GCM from the default provider choice (see {@link
     *     CirrusCrypto.Builder#provider})
     * @throws IllegalStateException if a required setting is missing, or the system property {@code
     *     cirrus.crypto.provider} is invalid
     */
    public RawAesKeyring build() {
      if (keyNamespace == null || keyName == null || wrappingKey == null) {
        throw new IllegalStateException("keyNamespace, keyName and wrappingKey are required");
      }
      return new RawAesKeyring(this);
    }
  }
}
