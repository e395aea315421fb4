package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.EncryptionMaterials;

/** Checks on what a materials manager returned for encryption, before any byte is written. Thread-safe. */
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
}
