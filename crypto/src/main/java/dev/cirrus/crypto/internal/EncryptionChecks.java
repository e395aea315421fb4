package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.EncryptionMaterials;

/** Checks on encryption arguments and on what a materials manager returned, before any byte is written. */
public final class EncryptionChecks {
  private EncryptionChecks() {}

  /** Rejects materials a misbehaving materials manager returned for {@code suite}. */
  public static void checkMaterials(EncryptionMaterials m, AlgorithmSuite suite, int maxEncryptedDataKeys) {
    if (m.suite() != suite) {
      throw new IllegalStateException(
          "materials manager returned suite " + m.suite() + ", expected " + suite);
    }
    if (m.dataKey() == null || m.dataKey().lengthBytes() != suite.dataKeyLengthBytes()) {
      // A short key would otherwise be zero-padded into the KDF: a silently weaker, non-interoperable key.
      throw new IllegalStateException(
          "materials manager returned a data key of " + (m.dataKey() == null ? "no" : m.dataKey().lengthBytes())
              + " bytes, suite " + suite + " needs " + suite.dataKeyLengthBytes());
    }
    if (suite.isSigned() != (m.signingKey() != null)) {
      throw new IllegalStateException(
          "materials manager returned " + (m.signingKey() == null ? "no" : "a") + " signing key for suite " + suite);
    }
    if (m.encryptedDataKeys().size() > maxEncryptedDataKeys) {
      throw new IllegalStateException(
          "materials hold " + m.encryptedDataKeys().size() + " encrypted data keys, maxEncryptedDataKeys is "
              + maxEncryptedDataKeys);
    }
  }

  /** Rejects a null context or one with a reserved key. */
  public static void checkContext(java.util.Map<String, String> encryptionContext) {
    java.util.Objects.requireNonNull(encryptionContext, "encryptionContext");
    EncryptionContextCodec.checkNoReservedKeys(encryptionContext);
  }

  /** Rejects a declared stream length below -1 or needing more frames than the format allows. */
  public static void checkStreamLength(long plaintextLengthBytes, int frameLength) {
    if (plaintextLengthBytes < -1) {
      throw new IllegalArgumentException(
          "plaintextLengthBytes must be -1 (unknown) or >= 0, was " + plaintextLengthBytes);
    }
    if (plaintextLengthBytes > 0 && (plaintextLengthBytes - 1) / frameLength + 1 > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "plaintext of " + plaintextLengthBytes + " bytes at frameLengthBytes " + frameLength + " needs "
              + ((plaintextLengthBytes - 1) / frameLength + 1) + " frames, the format allows at most 4294967295");
    }
  }

}
