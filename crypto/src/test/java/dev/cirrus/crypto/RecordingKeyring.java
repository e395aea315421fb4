package dev.cirrus.crypto;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a keyring and records every data key it generated or decrypted, to test their destruction. */
public final class RecordingKeyring implements Keyring {
  private final Keyring delegate;
  public final List<DataKey> generated = new CopyOnWriteArrayList<>();
  public final List<DataKey> decrypted = new CopyOnWriteArrayList<>();
  public final AtomicInteger encryptCalls = new AtomicInteger();
  public final AtomicInteger decryptCalls = new AtomicInteger();

  public RecordingKeyring(Keyring delegate) {
    this.delegate = delegate;
  }

  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    encryptCalls.incrementAndGet();
    EncryptionMaterials m = delegate.onEncrypt(materials);
    if (materials.dataKey() == null) {
      generated.add(m.dataKey());
    }
    return m;
  }

  @Override
  public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    decryptCalls.incrementAndGet();
    DecryptionMaterials m = delegate.onDecrypt(materials, edks);
    if (m.dataKey() != null) {
      decrypted.add(m.dataKey());
    }
    return m;
  }
}
