package dev.cirrus.crypto;

import dev.cirrus.crypto.internal.KmsErrors;

/**
 * An AWS KMS call made by a keyring to encrypt failed (after the client's retries); failures to decrypt
 * are {@link DataKeyDecryptionException}s. Carries the operation, the key
 * id and the KMS error code (or the client-side failure class when KMS gave no code); never key
 * material.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public final class KmsOperationException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** The KMS operation that failed. */
  private final String operation;
  /** The key id or ARN the failed call used. */
  private final String keyId;
  /** The KMS error code, or the name of the client-side failure. */
  private final String errorCode;

  /**
   * Creates the exception.
   *
   * @param operation the KMS operation, e.g. {@code GenerateDataKey}
   * @param keyId the KMS key id or ARN the call used
   * @param errorCode the KMS error code, e.g. {@code ThrottlingException}, or a client failure name
   * @param cause the SDK exception
   */
  public KmsOperationException(String operation, String keyId, String errorCode, Throwable cause) {
    super("KMS " + operation + " failed for key " + keyId + " with error code " + errorCode, cause);
    this.operation = operation;
    this.keyId = keyId;
    this.errorCode = errorCode;
  }

  /**
   * The KMS operation, e.g. {@code GenerateDataKey}, {@code Encrypt} or {@code Decrypt}.
   *
   * @return the KMS operation, e.g. {@code GenerateDataKey}, {@code Encrypt} or {@code Decrypt}
   */
  public String operation() {
    return operation;
  }

  /**
   * The key id or ARN the failed call used.
   *
   * @return the key id or ARN the failed call used
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The KMS error code, or the name of the client-side failure when KMS returned none.
   *
   * @return the KMS error code, or the name of the client-side failure when KMS returned none
   */
  public String errorCode() {
    return errorCode;
  }

  /**
   * True if the KMS failure was throttling, an HTTP 5xx or no response (the retry module's AWS
   * classification of the cause), so the same call may succeed later; false for refusals such as
   * {@code AccessDeniedException} or {@code NotFoundException}, and when there is no cause.
   *
   * @return true if retrying the same call later may succeed
   */
  @Override
  public boolean retryable() {
    return KmsErrors.retryable(getCause());
  }
}
