package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.EncryptedDataKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The key ids encrypted data keys name, as reported in results and failures. Thread-safe. */
public final class KeyIds {
  /** Raw AES provider info ends with the tag length (4 bytes), the IV length (4) and the IV (12). */
  private static final int RAW_AES_INFO_SUFFIX_BYTES = 20;

  /**
   * The key ids of the last data key list this thread reported. Materials' lists are immutable and a
   * caching materials manager hands out the same list for every message under one data key, so the
   * ids are decoded once per data key rather than once per message.
   */
  private static final ThreadLocal<Object[]> LAST_KEY_IDS = ThreadLocal.withInitial(() -> new Object[2]);

  private KeyIds() {}

  /** The key ids of {@code edks}, in order; unmodifiable. {@code edks} MUST be immutable. */
  public static List<String> keyIds(List<EncryptedDataKey> edks) {
    Object[] last = LAST_KEY_IDS.get();
    if (last[0] == edks) {
      @SuppressWarnings("unchecked")
      List<String> ids = (List<String>) last[1];
      return ids;
    }
    List<String> ids = decodeKeyIds(edks);
    last[0] = edks;
    last[1] = ids;
    return ids;
  }

  private static List<String> decodeKeyIds(List<EncryptedDataKey> edks) {
    List<String> ids = new ArrayList<>(edks.size());
    for (EncryptedDataKey e : edks) {
      ids.add(keyIdOf(e));
    }
    return Collections.unmodifiableList(ids);
  }

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
