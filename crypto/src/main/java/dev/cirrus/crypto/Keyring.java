package dev.cirrus.crypto;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Generates, encrypts and decrypts data keys under wrapping keys it holds or can reach (AWS KMS, a raw
 * AES key). Keyrings compose: see {@link MultiKeyring}.
 *
 * <p>Implementations MUST be thread-safe.
 */
public interface Keyring {
  /**
   * Adds an encrypted copy of the data key to {@code materials}, first generating the data key if the
   * materials hold none (only a generator can do that).
   *
   * @param materials the materials so far
   * @return new materials with at least one more encrypted data key
   * @throws IllegalStateException if the materials hold no data key and this keyring cannot generate one
   * @throws KmsOperationException if a KMS call failed
   */
  EncryptionMaterials onEncrypt(EncryptionMaterials materials);

  /**
   * Tries to decrypt one of {@code encryptedDataKeys}. Returns {@code materials} unchanged if none of
   * them belongs to this keyring. If some belong to it and none decrypts, it SHOULD throw a {@link
   * DataKeyDecryptionException} ({@link DataKeyDecryptionException#of} picks the kind) naming each key it
   * tried and why it failed; returning {@code materials} unchanged is still allowed, and is then reported
   * as {@link DataKeyFailure#NOT_HELD}.
   *
   * @param materials materials without a data key
   * @param encryptedDataKeys the encrypted data keys from the message header
   * @return materials with a data key, or {@code materials} unchanged
   * @throws NoDecryptableKeyException if every key of this keyring was tried and refused
   * @throws KmsUnavailableException if none decrypted and at least one could not be tried because KMS
   *     was unreachable, failing or throttling
   */
  DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys);

  /**
   * Asynchronous {@link #onEncrypt}; by default runs it on the calling thread.
   *
   * @param materials the materials so far
   * @return a future completed like {@link #onEncrypt}
   */
  default CompletableFuture<EncryptionMaterials> onEncryptAsync(EncryptionMaterials materials) {
    try {
      return CompletableFuture.completedFuture(onEncrypt(materials));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Asynchronous {@link #onDecrypt}; by default runs it on the calling thread.
   *
   * @param materials materials without a data key
   * @param encryptedDataKeys the encrypted data keys from the message header
   * @return a future completed like {@link #onDecrypt}
   */
  default CompletableFuture<DecryptionMaterials> onDecryptAsync(
      DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys) {
    try {
      return CompletableFuture.completedFuture(onDecrypt(materials, encryptedDataKeys));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
