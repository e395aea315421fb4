package dev.cirrus.crypto;

/**
 * Receives what a {@link KmsKeyring} and a {@link CirrusCrypto} do, for metrics: each KMS call with its
 * operation, outcome and latency (give the listener to {@link KmsKeyring.Builder#listener}), and each whole
 * message encrypted or decrypted with its plaintext size (give it to {@link CirrusCrypto.Builder#listener}). Every
 * method has an empty default, so implement only what you need; one listener may serve several keyrings and
 * instances.
 *
 * <p>Listeners run synchronously on the thread that made or completed the call (for an async KMS client, the
 * SDK's thread), so they MUST be fast and thread-safe. An exception thrown by a listener is logged at WARN and
 * otherwise ignored: a broken metric never fails an operation. No method ever receives key material, plaintext
 * or an encryption context.
 */
public interface CryptoListener {

  /** The KMS operations a {@link KmsKeyring} calls. */
  enum KmsOperation {
    /** {@code GenerateDataKey}: the generator key makes a new data key (one per message unless cached). */
    GENERATE_DATA_KEY,
    /** {@code Encrypt}: an additional key encrypts the data key. */
    ENCRYPT,
    /** {@code Decrypt}: a key decrypts an encrypted data key of a message. */
    DECRYPT
  }

  /** How a KMS call ended, after the KMS client's own retries. */
  enum KmsOutcome {
    /** KMS answered. */
    SUCCESS,
    /** KMS throttled the call ({@code ThrottlingException}, HTTP 429 and the like) and the client gave up. */
    THROTTLED,
    /**
     * Any other failure: an error KMS returned (access denied, disabled key, {@code InvalidCiphertextException}
     * or {@code IncorrectKeyException} for a data key of another key), or no answer (network, timeout).
     */
    ERROR
  }

  /**
   * Called when a KMS call ends.
   *
   * @param operation the operation
   * @param keyId the key id sent to KMS, as configured or as named by the message; an identifier, not a
   *     secret, but one that a metrics binder should not publish unless its user asks
   * @param outcome how the call ended
   * @param latencyNanos the call's time on the calling side, the client's retries and waits included
   */
  default void onKmsCall(KmsOperation operation, String keyId, KmsOutcome outcome, long latencyNanos) {}

  /**
   * Called when {@code encrypt} or {@code encryptAsync} has made a message. Encrypting streams are not
   * reported.
   *
   * @param plaintextBytes the plaintext bytes the message holds
   */
  default void onEncrypted(long plaintextBytes) {}

  /**
   * Called when {@code decrypt} or {@code decryptAsync} has decrypted and authenticated a message. Decrypting
   * streams are not reported.
   *
   * @param plaintextBytes the plaintext bytes of the message
   */
  default void onDecrypted(long plaintextBytes) {}
}
