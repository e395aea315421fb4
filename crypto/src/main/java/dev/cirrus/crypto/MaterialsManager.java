package dev.cirrus.crypto;

import dev.cirrus.crypto.internal.KeyringMaterialsManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Assembles the materials for one message: the default implementation ({@link #of(Keyring)}) asks a
 * keyring for a fresh data key per message and adds the signing key for signed suites; {@link
 * CachingMaterialsManager} reuses data keys within limits.
 *
 * <p>Ownership: the {@link DataKey} in returned materials belongs to the caller, who destroys it when
 * the message is done ({@link CirrusCrypto} does). Implementations that keep keys (caches) MUST hand out
 * copies.
 *
 * <p>Implementations MUST be thread-safe.
 */
public interface MaterialsManager {
  /**
   * Returns encryption materials with a data key and at least one encrypted data key.
   *
   * @param suite the suite to encrypt with
   * @param encryptionContext the caller's context (no reserved keys)
   * @param plaintextLengthBytes the exact plaintext length, or -1 if unknown (streams)
   * @return materials the caller owns
   * @throws KmsOperationException if a KMS call failed
   */
  EncryptionMaterials encryptionMaterials(
      AlgorithmSuite suite, Map<String, String> encryptionContext, long plaintextLengthBytes);

  /**
   * Returns decryption materials with a data key (and verification key for signed suites).
   *
   * @param suite the suite from the header
   * @param encryptionContext the context from the header
   * @param encryptedDataKeys the encrypted data keys from the header
   * @return materials the caller owns
   * @throws NoDecryptableKeyException if no key could decrypt any encrypted data key (never retryable);
   *     its {@code failures()} name every encrypted data key of the message and why it failed
   * @throws KmsUnavailableException if none decrypted and KMS was unreachable, failing or throttling for
   *     at least one (retryable)
   * @throws InvalidCiphertextException if the header's signing key does not match its suite
   */
  DecryptionMaterials decryptionMaterials(
      AlgorithmSuite suite, Map<String, String> encryptionContext, List<EncryptedDataKey> encryptedDataKeys);

  /**
   * Asynchronous {@link #encryptionMaterials}; by default runs it on the calling thread.
   *
   * @param suite the suite to encrypt with
   * @param encryptionContext the caller's context (no reserved keys)
   * @param plaintextLengthBytes the exact plaintext length, or -1 if unknown (streams)
   * @return a future of materials the caller owns, completed exceptionally with what {@link
   *     #encryptionMaterials} throws
   */
  default CompletableFuture<EncryptionMaterials> encryptionMaterialsAsync(
      AlgorithmSuite suite, Map<String, String> encryptionContext, long plaintextLengthBytes) {
    try {
      return CompletableFuture.completedFuture(
          encryptionMaterials(suite, encryptionContext, plaintextLengthBytes));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Asynchronous {@link #decryptionMaterials}; by default runs it on the calling thread.
   *
   * @param suite the suite from the header
   * @param encryptionContext the context from the header
   * @param encryptedDataKeys the encrypted data keys from the header
   * @return a future of materials the caller owns, completed exceptionally with what {@link
   *     #decryptionMaterials} throws
   */
  default CompletableFuture<DecryptionMaterials> decryptionMaterialsAsync(
      AlgorithmSuite suite, Map<String, String> encryptionContext, List<EncryptedDataKey> encryptedDataKeys) {
    try {
      return CompletableFuture.completedFuture(
          decryptionMaterials(suite, encryptionContext, encryptedDataKeys));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The default materials manager over {@code keyring}: a fresh data key per message from the
   * keyring's generator, a fresh ECDSA P-384 key pair per message for signed suites.
   *
   * @param keyring the keyring
   * @return a thread-safe materials manager
   */
  static MaterialsManager of(Keyring keyring) {
    return new KeyringMaterialsManager(keyring);
  }
}
