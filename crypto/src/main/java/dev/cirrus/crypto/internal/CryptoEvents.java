package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.CryptoListener;
import dev.cirrus.crypto.CryptoListener.KmsOperation;
import dev.cirrus.crypto.CryptoListener.KmsOutcome;
import dev.cirrus.retry.ErrorClassifier;
import dev.cirrus.retry.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a {@link CryptoListener} what happened, its failures logged at WARN and otherwise ignored. A null
 * listener is no listener: nothing is called and no clock is read. Stateless and threadsafe.
 */
public final class CryptoEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CryptoListener.class);

  private CryptoEvents() {}

  /** The start time of a KMS call for {@code listener}: the clock, or 0 without a listener. */
  public static long start(CryptoListener listener) {
    return listener == null ? 0L : System.nanoTime();
  }

  /**
   * A KMS call that began at {@code startNanos} ended with {@code failure} (null: success).
   *
   * @param listener the listener, or null
   * @param operation the operation
   * @param keyId the key id sent
   * @param failure the failure, possibly wrapped in a {@code CompletionException}, or null
   * @param startNanos what {@link #start} returned
   */
  public static void kmsCall(CryptoListener listener, KmsOperation operation, String keyId, Throwable failure,
      long startNanos) {
    if (listener == null) {
      return;
    }
    long latency = System.nanoTime() - startNanos;
    try {
      listener.onKmsCall(operation, keyId, outcome(failure), latency);
    } catch (RuntimeException e) {
      LOG.warn("CryptoListener.onKmsCall failed", e);
    }
  }

  /** The outcome of a KMS call that failed with {@code failure} (null: success). */
  static KmsOutcome outcome(Throwable failure) {
    if (failure == null) {
      return KmsOutcome.SUCCESS;
    }
    ErrorKind kind = ErrorClassifier.aws().classify(Futures.unwrap(failure));
    return kind == ErrorKind.THROTTLING ? KmsOutcome.THROTTLED : KmsOutcome.ERROR;
  }

  /** A message of {@code plaintextBytes} was encrypted. */
  public static void encrypted(CryptoListener listener, long plaintextBytes) {
    if (listener == null) {
      return;
    }
    try {
      listener.onEncrypted(plaintextBytes);
    } catch (RuntimeException e) {
      LOG.warn("CryptoListener.onEncrypted failed", e);
    }
  }

  /** A message of {@code plaintextBytes} was decrypted. */
  public static void decrypted(CryptoListener listener, long plaintextBytes) {
    if (listener == null) {
      return;
    }
    try {
      listener.onDecrypted(plaintextBytes);
    } catch (RuntimeException e) {
      LOG.warn("CryptoListener.onDecrypted failed", e);
    }
  }
}
