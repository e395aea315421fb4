package dev.cirrus.crypto;

import java.util.concurrent.CompletableFuture;

/**
 * Where a hierarchical keyring gets branch keys: typically a DynamoDB branch key store (module
 * {@code cirrus-crypto-keystore}), or a static source in tests.
 *
 * <p>Each call returns new materials the caller owns (and destroys when done); a source does not cache.
 * Implementations MUST be thread-safe.
 */
public interface BranchKeySource {
  /**
   * The logical key store name: bound into every branch key's KMS encryption context as {@code tablename}, so
   * a branch key item copied into another store's table fails authentication. (A hierarchical keyring's cache
   * belongs to that keyring and its one source, so cached keys are never shared between stores.)
   *
   * @return the name, not empty
   */
  String logicalKeyStoreName();

  /**
   * The active version of a branch key, used to encrypt.
   *
   * @param branchKeyId the branch key id
   * @return the plaintext materials of the active version
   * @throws BranchKeyException if the key does not exist, its stored item is malformed or fails
   *     authentication, or KMS refused or could not be reached (see {@link BranchKeyException#retryable()})
   */
  BranchKeyMaterials activeBranchKey(String branchKeyId);

  /**
   * One version of a branch key, used to decrypt.
   *
   * @param branchKeyId the branch key id
   * @param version the version, a UUID string
   * @return the plaintext materials of that version
   * @throws BranchKeyException as {@link #activeBranchKey}
   */
  BranchKeyMaterials branchKeyVersion(String branchKeyId, String version);

  /**
   * Asynchronous {@link #activeBranchKey}; by default runs it on the calling thread.
   *
   * @param branchKeyId the branch key id
   * @return a future completed like {@link #activeBranchKey}
   */
  default CompletableFuture<BranchKeyMaterials> activeBranchKeyAsync(String branchKeyId) {
    try {
      return CompletableFuture.completedFuture(activeBranchKey(branchKeyId));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Asynchronous {@link #branchKeyVersion}; by default runs it on the calling thread.
   *
   * @param branchKeyId the branch key id
   * @param version the version, a UUID string
   * @return a future completed like {@link #branchKeyVersion}
   */
  default CompletableFuture<BranchKeyMaterials> branchKeyVersionAsync(String branchKeyId, String version) {
    try {
      return CompletableFuture.completedFuture(branchKeyVersion(branchKeyId, version));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
