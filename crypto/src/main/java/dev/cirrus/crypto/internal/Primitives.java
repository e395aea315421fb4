package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cached JCA objects and HKDF. {@code Cipher} and {@code Mac} are not thread-safe, so each thread keeps
 * its own; obtaining them costs a provider lookup that dominates small messages otherwise.
 */
public final class Primitives {
  static final int GCM_TAG_BYTES = 16;
  static final int GCM_IV_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  /**
   * Per-thread DRBG for message ids and IVs: the default NativePRNG serialises every caller on one lock
   * and a file read, which dominated small messages under concurrency.
   */
  private static final ThreadLocal<SecureRandom> FAST_RANDOM = ThreadLocal.withInitial(Primitives::newDrbg);
  private static final byte[] DERIVEKEY = "DERIVEKEY".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] COMMITKEY = "COMMITKEY".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> newInstance("AES/GCM/NoPadding"));
  private static final ThreadLocal<Mac> SHA256 = ThreadLocal.withInitial(() -> newMac("HmacSHA256"));
  private static final ThreadLocal<Mac> SHA384 = ThreadLocal.withInitial(() -> newMac("HmacSHA384"));
  private static final ThreadLocal<Mac> SHA512 = ThreadLocal.withInitial(() -> newMac("HmacSHA512"));

  private Primitives() {}

  private static Cipher newInstance(String name) {
    try {
      return Cipher.getInstance(name);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks " + name, e);
    }
  }

  private static Mac newMac(String name) {
    try {
      return Mac.getInstance(name);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks " + name, e);
    }
  }

  /** A fresh AES-GCM cipher for code that keeps its own (streams). */
  public static Cipher newGcm() {
    return newInstance("AES/GCM/NoPadding");
  }

  /** This thread's AES-GCM cipher for one-shot use by the public facade. */
  public static Cipher gcmForCaller() {
    return GCM.get();
  }

  /** This thread's AES-GCM cipher; callers MUST finish with it before calling out. */
  static Cipher gcm() {
    return GCM.get();
  }

  private static SecureRandom newDrbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  public static void randomBytes(byte[] b) {
    FAST_RANDOM.get().nextBytes(b);
  }

  public static SecureRandom random() {
    return RANDOM;
  }

  static Mac mac(String algorithm) {
    switch (algorithm) {
      case "HmacSHA256":
        return SHA256.get();
      case "HmacSHA384":
        return SHA384.get();
      case "HmacSHA512":
        return SHA512.get();
      default:
        throw new IllegalArgumentException("unsupported mac " + algorithm);
    }
  }

  /**
   * Derives the content key and (for committing suites) the commitment key with HKDF
   * (framework/transitive-requirements.md). Committing suites: salt = message id, info = suite id ||
   * "DERIVEKEY" and "COMMITKEY", one extract for both. Non-committing: zero salt of hash length, info =
   * suite id || message id.
   *
   * @param out32 receives the 32-byte content key
   * @param commit32 receives the 32-byte commitment key; ignored (may be null) for non-committing suites
   */
  static void derive(AlgorithmSuite suite, byte[] dataKey, byte[] messageId, byte[] out32, byte[] commit32) {
    Mac mac = mac(suite.hkdfMacAlgorithm());
    byte[] prk = null;
    try {
      byte[] salt = suite.isCommitting() ? messageId : new byte[mac.getMacLength()];
      mac.init(new SecretKeySpec(salt, suite.hkdfMacAlgorithm()));
      prk = mac.doFinal(dataKey);
      SecretKeySpec prkKey = new SecretKeySpec(prk, suite.hkdfMacAlgorithm());
      mac.init(prkKey);
      mac.update((byte) (suite.id() >>> 8));
      mac.update((byte) suite.id());
      mac.update(suite.isCommitting() ? DERIVEKEY : messageId);
      mac.update((byte) 1);
      byte[] t = mac.doFinal();
      System.arraycopy(t, 0, out32, 0, 32);
      Arrays.fill(t, (byte) 0);
      if (suite.isCommitting()) {
        // doFinal() leaves the Mac initialised with the PRK, so no second init is needed.
        mac.update(COMMITKEY);
        mac.update((byte) 1);
        t = mac.doFinal();
        System.arraycopy(t, 0, commit32, 0, 32);
        Arrays.fill(t, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF failed", e);
    } finally {
      if (prk != null) {
        Arrays.fill(prk, (byte) 0);
      }
    }
  }
}
