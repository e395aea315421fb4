package dev.cirrus.crypto;

import dev.cirrus.crypto.internal.KeyIds;
import java.util.Objects;

/**
 * Why one encrypted data key of a message did not yield the data key: the KMS error code and HTTP status,
 * "no response from KMS", "no keyring holds this key", and so on. Part of a {@link
 * DataKeyDecryptionException}.
 *
 * <p>Carries the encrypted data key as it appears in the message header (public bytes: a key ARN or key
 * name, and the data key encrypted under it), never a plaintext key. Instances are immutable and
 * thread-safe.
 *
 * @param encryptedDataKey the encrypted data key that did not decrypt, as read from the message
 * @param reason why it did not decrypt, for people: e.g. {@code AccessDeniedException (HTTP 400)}
 * @param retryable whether trying this key again later may succeed (KMS unreachable, failing or
 *     throttling)
 */
public record DataKeyFailure(EncryptedDataKey encryptedDataKey, String reason, boolean retryable) {
  /** The reason given for an encrypted data key that no configured keyring holds. */
  public static final String NOT_HELD = "no keyring holds this key";

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code encryptedDataKey} or {@code reason} is null
   */
  public DataKeyFailure {
    Objects.requireNonNull(encryptedDataKey, "encryptedDataKey");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The provider id of the encrypted data key: {@code aws-kms} for KMS, the key namespace for a raw AES key.
   *
   * @return the provider id of the encrypted data key
   */
  public String providerId() {
    return encryptedDataKey.providerId();
  }

  /**
   * The key the encrypted data key names: the KMS key ARN, or the key name of a raw AES key.
   *
   * @return the key ARN or key name the encrypted data key names
   */
  public String keyId() {
    return KeyIds.keyIdOf(encryptedDataKey);
  }

  /** Names the key, the provider, the reason and whether it is retryable; no key bytes. */
  @Override
  public String toString() {
    return keyId() + " (" + providerId() + "): " + reason + (retryable ? ", retryable" : "");
  }
}
