package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.DataKey;
import dev.cirrus.crypto.EncryptedDataKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bytes of the AWS KMS hierarchical keyring, as the AWS Cryptographic Material Providers Library 1.11
 * writes them (AwsKmsHierarchicalKeyring.dfy):
 *
 * <ul>
 *   <li>wrapping key = KDF-CTR-HMAC-SHA256(branch key, label "aws-kms-hierarchy", context = salt), 32 bytes
 *       ({@link KdfCounterMode});
 *   <li>AAD = "aws-kms-hierarchy" || branch key id (UTF-8) || version (16 raw UUID bytes) || the serialized
 *       encryption context ({@link EncryptionContextCodec#serialize}, empty for an empty context);
 *   <li>EDK: provider id "aws-kms-hierarchy", provider info = branch key id (UTF-8), ciphertext = salt (16)
 *       || IV (12) || version (16) || AES-256-GCM(wrapping key, IV, AAD, data key) || tag (16).
 * </ul>
 *
 * Thread-safe: AES-GCM and HMAC are the calling thread's from the {@link Jca} given.
 */
public final class HierarchyWrap {
  /** The provider id, which is also the KDF label and the first AAD field. */
  public static final String PROVIDER_ID = "aws-kms-hierarchy";
  public static final int SALT_BYTES = 16;
  public static final int IV_BYTES = 12;
  public static final int VERSION_BYTES = 16;
  public static final int TAG_BYTES = 16;
  /** Offset of the version in the EDK ciphertext. */
  public static final int VERSION_OFFSET = SALT_BYTES + IV_BYTES;
  /** Offset of the wrapped data key in the EDK ciphertext. */
  public static final int WRAPPED_OFFSET = VERSION_OFFSET + VERSION_BYTES;
  /** Every byte of the EDK ciphertext but the wrapped data key: 60. */
  public static final int OVERHEAD_BYTES = WRAPPED_OFFSET + TAG_BYTES;
  private static final byte[] PROVIDER_ID_UTF8 = PROVIDER_ID.getBytes(StandardCharsets.UTF_8);
  private static final int WRAPPING_KEY_BYTES = 32;

  private final Jca jca;
  private final SecureRandom random;

  /**
   * @param jca where AES-GCM and HMAC-SHA256 come from
   * @param random the source of salts, IVs and data keys, or null for the module's per-thread DRBG
   */
  public HierarchyWrap(Jca jca, SecureRandom random) {
    this.jca = jca;
    this.random = random;
  }

  /** Fills {@code b} from the configured randomness. */
  public void randomBytes(byte[] b) {
    if (random == null) {
      Primitives.randomBytes(b);
    } else {
      random.nextBytes(b);
    }
  }

  /** A fresh data key for {@code suite}. */
  public DataKey generateDataKey(AlgorithmSuite suite) {
    byte[] k = new byte[suite.dataKeyLengthBytes()];
    randomBytes(k);
    return DataKey.wrap(k);
  }

  /** The 16 bytes of a UUID string, most significant first (Java's and the MPL's UUID byte order). */
  public static byte[] versionBytes(String version) {
    UUID u = UUID.fromString(version);
    return ByteBuffer.allocate(VERSION_BYTES)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }

  /** The version an EDK ciphertext names, as a lower-case UUID string; {@code ct} must be long enough. */
  public static String versionOf(byte[] ct) {
    ByteBuffer b = ByteBuffer.wrap(ct, VERSION_OFFSET, VERSION_BYTES);
    return new UUID(b.getLong(), b.getLong()).toString();
  }

  /**
   * Why {@code edk} cannot be one of this keyring's for {@code suite}, or null if its layout is sound.
   * Checked before any branch key is fetched, so a malformed key costs no store call.
   */
  public static String malformed(EncryptedDataKey edk, AlgorithmSuite suite) {
    int expected = OVERHEAD_BYTES + suite.dataKeyLengthBytes();
    int actual = edk.ciphertextLengthBytes();
    if (actual != expected) {
      return "malformed: ciphertext is " + actual + " bytes, expected " + expected
          + " (salt 16, IV 12, version 16, wrapped key " + suite.dataKeyLengthBytes() + ", tag 16)";
    }
    return null;
  }

  /**
   * Wraps {@code dataKey} under a fresh key derived from {@code branchKey}.
   *
   * @param branchKey the 32-byte branch key (not kept)
   * @param branchKeyIdUtf8 the branch key id's UTF-8 bytes
   * @param version the 16 version bytes
   */
  public EncryptedDataKey wrap(
      byte[] branchKey, byte[] branchKeyIdUtf8, byte[] version, DataKey dataKey, Map<String, String> context) {
    byte[] saltIv = new byte[SALT_BYTES + IV_BYTES];
    randomBytes(saltIv);
    byte[] salt = Arrays.copyOfRange(saltIv, 0, SALT_BYTES);
    byte[] pt = dataKey.toByteArray();
    byte[] kek = KdfCounterMode.derive(jca.mac(KdfCounterMode.HMAC_SHA256), branchKey, PROVIDER_ID_UTF8, salt, WRAPPING_KEY_BYTES);
    try {
      Cipher c = jca.gcm();
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG_BYTES * 8, saltIv, SALT_BYTES, IV_BYTES));
      c.updateAAD(aad(branchKeyIdUtf8, version, context));
      byte[] ct = new byte[WRAPPED_OFFSET + pt.length + TAG_BYTES];
      System.arraycopy(saltIv, 0, ct, 0, saltIv.length);
      System.arraycopy(version, 0, ct, VERSION_OFFSET, VERSION_BYTES);
      c.doFinal(pt, 0, pt.length, ct, WRAPPED_OFFSET);
      return EncryptedDataKey.of(PROVIDER_ID, branchKeyIdUtf8, ct);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM key wrapping failed", e);
    } finally {
      Arrays.fill(pt, (byte) 0);
      Arrays.fill(kek, (byte) 0);
    }
  }

  /**
   * Unwraps {@code edk}, whose layout {@link #malformed} accepted, with the branch key of the version it
   * names.
   *
   * @return the data key, or null if it does not authenticate (other key, other encryption context, damaged)
   */
  public DataKey unwrap(
      byte[] branchKey, byte[] version, EncryptedDataKey edk, Map<String, String> context) {
    byte[] ct = edk.ciphertext();
    byte[] salt = Arrays.copyOfRange(ct, 0, SALT_BYTES);
    byte[] kek = KdfCounterMode.derive(jca.mac(KdfCounterMode.HMAC_SHA256), branchKey, PROVIDER_ID_UTF8, salt, WRAPPING_KEY_BYTES);
    try {
      Cipher c = jca.gcm();
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG_BYTES * 8, ct, SALT_BYTES, IV_BYTES));
      c.updateAAD(aad(edk.providerInfo(), version, context));
      return DataKey.wrap(c.doFinal(ct, WRAPPED_OFFSET, ct.length - WRAPPED_OFFSET));
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM key unwrapping failed", e);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  /** "aws-kms-hierarchy" || branch key id || version (16 bytes) || serialized encryption context. */
  static byte[] aad(byte[] branchKeyIdUtf8, byte[] version, Map<String, String> context) {
    byte[] ec = EncryptionContextCodec.serialize(context);
    byte[] aad = new byte[PROVIDER_ID_UTF8.length + branchKeyIdUtf8.length + VERSION_BYTES + ec.length];
    int off = 0;
    System.arraycopy(PROVIDER_ID_UTF8, 0, aad, off, PROVIDER_ID_UTF8.length);
    off += PROVIDER_ID_UTF8.length;
    System.arraycopy(branchKeyIdUtf8, 0, aad, off, branchKeyIdUtf8.length);
    off += branchKeyIdUtf8.length;
    System.arraycopy(version, 0, aad, off, VERSION_BYTES);
    System.arraycopy(ec, 0, aad, off + VERSION_BYTES, ec.length);
    return aad;
  }
}
