package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.EncryptedDataKey;
import java.nio.charset.StandardCharsets;

/** The key id an encrypted data key names, as reported in results and failures. Thread-safe. */
public final class KeyIds {
  /** Raw AES provider info ends with the tag length (4 bytes), the IV length (4) and the IV (12). */
  private static final int RAW_AES_INFO_SUFFIX_BYTES = 20;

  private KeyIds() {}

  /** The KMS key ARN, the raw AES key name, or (for another provider) its provider id. */
  public static String keyIdOf(EncryptedDataKey e) {
    if (e.providerId().startsWith("aws-kms")) {
      return e.providerInfoUtf8();
    }
    byte[] info = e.providerInfo();
    if (info.length >= RAW_AES_INFO_SUFFIX_BYTES) {
      return new String(info, 0, info.length - RAW_AES_INFO_SUFFIX_BYTES, StandardCharsets.UTF_8);
    }
    return e.providerId();
  }
}
