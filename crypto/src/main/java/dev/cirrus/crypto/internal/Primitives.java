package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Randomness, GCM sizes and HKDF; the JCA objects themselves come from a {@link Jca}. */
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

  private Primitives() {}

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

  /**
   * Derives the content key and (for committing suites) the commitment key with HKDF
   * (framework/transitive-requirements.md). Committing suites: salt = message id, info = suite id ||
   * "DERIVEKEY" and "COMMITKEY", one extract for both. Non-committing: zero salt of hash length, info =
   * suite id || message id.
   *
   * @param mac this thread's Mac for the suite's HKDF hash ({@link Jca#mac}); left keyed with the PRK
   * @param out32 receives the 32-byte content key
   * @param commit32 receives the 32-byte commitment key; ignored (may be null) for non-committing suites
   */
  static void derive(
      Mac mac, AlgorithmSuite suite, byte[] dataKey, byte[] messageId, byte[] out32, byte[] commit32) {
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
