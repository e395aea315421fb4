package dev.cirrus.crypto;

import java.util.List;

/** Test keyring that "decrypts" any message to a known data key, as the known-answer vectors need. */
public final class FixedKeyKeyring implements Keyring {
  private final byte[] key;

  public FixedKeyKeyring(byte[] key) {
    this.key = key.clone();
  }

  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    throw new UnsupportedOperationException("decrypt only");
  }

  @Override
  public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    return materials.withDataKey(DataKey.copyOf(key), "fixed");
  }
}
