package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.DataKey;
import dev.cirrus.crypto.EncryptedDataKey;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Raw AES key wrapping in the AWS Encryption SDK layout; see {@code RawAesKeyring}. AES-GCM comes from the
 * default provider choice ({@link JcaProviders#defaults()}) made when the instance is created: a keyring is
 * built independently of the {@code CirrusCrypto} instances that use it. Thread-safe.
 */
public final class RawAes {
  private static final int TAG_BITS = 128;
  private final SecretKeySpec key;
  private final byte[] keyName;
  private final Jca jca = JcaProviders.defaults();

  public RawAes(byte[] wrappingKey, byte[] keyName) {
    this.key = new SecretKeySpec(wrappingKey, "AES");
    this.keyName = keyName.clone();
  }

  /** A fresh random data key for {@code suite}. */
  public static DataKey generateDataKey(AlgorithmSuite suite) {
    byte[] k = new byte[suite.dataKeyLengthBytes()];
    Primitives.randomBytes(k);
    return DataKey.wrap(k);
  }

  public EncryptedDataKey wrap(String namespace, DataKey dataKey, Map<String, String> context) {
    byte[] info = Arrays.copyOf(keyName, keyName.length + 8 + Primitives.GCM_IV_BYTES);
    Wire.putU32(info, keyName.length, TAG_BITS);
    Wire.putU32(info, keyName.length + 4, Primitives.GCM_IV_BYTES);
    byte[] iv = new byte[Primitives.GCM_IV_BYTES];
    Primitives.randomBytes(iv);
    System.arraycopy(iv, 0, info, keyName.length + 8, iv.length);
    byte[] pt = dataKey.toByteArray();
    try {
      Cipher c = jca.gcm();
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(EncryptionContextCodec.serialize(context));
      return EncryptedDataKey.of(namespace, info, c.doFinal(pt));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM key wrapping failed", e);
    } finally {
      Arrays.fill(pt, (byte) 0);
    }
  }

  /** Returns the unwrapped key, or null if {@code edk} is not for this key or does not authenticate. */
  public DataKey unwrap(EncryptedDataKey edk, Map<String, String> context, AlgorithmSuite suite) {
    byte[] info = edk.providerInfo();
    int n = keyName.length;
    if (info.length != n + 8 + Primitives.GCM_IV_BYTES
        || !Arrays.equals(info, 0, n, keyName, 0, n)
        || Wire.u32(info, n) != TAG_BITS
        || Wire.u32(info, n + 4) != Primitives.GCM_IV_BYTES) {
      return null;
    }
    byte[] ct = edk.ciphertext();
    if (ct.length != suite.dataKeyLengthBytes() + TAG_BITS / 8) {
      return null;
    }
    try {
      Cipher c = jca.gcm();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, info, n + 8, Primitives.GCM_IV_BYTES));
      c.updateAAD(EncryptionContextCodec.serialize(context));
      return DataKey.wrap(c.doFinal(ct));
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM key unwrapping failed", e);
    }
  }
}
