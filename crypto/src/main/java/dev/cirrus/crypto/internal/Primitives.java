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

  /**
   * Fills {@code id} with fresh random bytes for a message id. Message ids are public (the header
   * carries them in the clear), so they come from this thread's DRBG in batches of {@link
   * #ID_POOL_BYTES}: one DRBG call per several messages instead of one per message, the DRBG's per-call
   * work (lock, reseed check, state update) being most of the cost of 32 bytes. Secret values (data keys,
   * wrapping IVs) keep using {@link #randomBytes}. The bytes handed out are zeroed in the pool.
   *
   * @param id receives the message id; at most {@link #ID_POOL_BYTES} bytes
   */
  static void messageIdBytes(byte[] id) {
    IdPool pool = ID_POOL.get();
    if (ID_POOL_BYTES - pool.next < id.length) {
      FAST_RANDOM.get().nextBytes(pool.bytes);
      pool.next = 0;
    }
    System.arraycopy(pool.bytes, pool.next, id, 0, id.length);
    Arrays.fill(pool.bytes, pool.next, pool.next + id.length, (byte) 0);
    pool.next += id.length;
  }

  /** Bytes of message id material drawn per DRBG call: eight 32-byte ids. */
  static final int ID_POOL_BYTES = 256;

  private static final class IdPool {
    final byte[] bytes = new byte[ID_POOL_BYTES];
    int next = ID_POOL_BYTES;
  }

  private static final ThreadLocal<IdPool> ID_POOL = ThreadLocal.withInitial(IdPool::new);

  public static SecureRandom random() {
    return RANDOM;
  }

  /**
   * Derives the content key and (for committing suites) the commitment key with HKDF
   * (framework/transitive-requirements.md). Committing suites: salt = message id, info = suite id ||
   * "DERIVEKEY" and "COMMITKEY", one extract for both. Non-committing: zero salt of hash length, info =
   * suite id || message id.
   *
   * <p>Per message this is one extract and one or two single-block expands, each handed to the Mac as a
   * single {@code update} of a prepared info (constant per committing suite) and finished into this
   * thread's scratch buffer: no per-call arrays, and a provider that computes one-call HMACs natively
   * (ACCP) gets one native call per HMAC rather than one per fragment.
   *
   * @param mac this thread's Mac for the suite's HKDF hash ({@link Jca#mac}); left keyed with the PRK
   * @param out32 receives the 32-byte content key
   * @param commit32 receives the 32-byte commitment key; ignored (may be null) for non-committing suites
   */
  static void derive(
      Mac mac, AlgorithmSuite suite, byte[] dataKey, byte[] messageId, byte[] out32, byte[] commit32) {
    byte[] t = HKDF_SCRATCH.get();
    int macLength = mac.getMacLength();
    String alg = suite.hkdfMacAlgorithm();
    try {
      boolean committing = suite.isCommitting();
      mac.init(committing ? new SecretKeySpec(messageId, alg) : new SecretKeySpec(new byte[macLength], alg));
      mac.update(dataKey);
      mac.doFinal(t, 0);
      mac.init(new SecretKeySpec(t, 0, macLength, alg));
      mac.update(committing ? DERIVE_INFO[suite.ordinal()] : nonCommittingInfo(suite, messageId));
      mac.doFinal(t, 0);
      System.arraycopy(t, 0, out32, 0, 32);
      if (committing) {
        // doFinal leaves the Mac initialised with the PRK, so no second init is needed.
        mac.update(COMMIT_INFO);
        mac.doFinal(t, 0);
        System.arraycopy(t, 0, commit32, 0, 32);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF failed", e);
    } finally {
      Arrays.fill(t, (byte) 0);
    }
  }

  /** HKDF's scratch: holds the PRK and each T(1) only inside {@link #derive}, zeroed on the way out. */
  private static final ThreadLocal<byte[]> HKDF_SCRATCH = ThreadLocal.withInitial(() -> new byte[64]);

  /** Expand info of the content key for each committing suite, by ordinal: suite id || "DERIVEKEY" || 0x01. */
  private static final byte[][] DERIVE_INFO = deriveInfos();

  /** Expand info of the commitment key: "COMMITKEY" || 0x01. */
  private static final byte[] COMMIT_INFO = withCounter(COMMITKEY);

  private static byte[][] deriveInfos() {
    AlgorithmSuite[] suites = AlgorithmSuite.values();
    byte[][] infos = new byte[suites.length][];
    for (AlgorithmSuite s : suites) {
      byte[] info = new byte[2 + DERIVEKEY.length + 1];
      info[0] = (byte) (s.id() >>> 8);
      info[1] = (byte) s.id();
      System.arraycopy(DERIVEKEY, 0, info, 2, DERIVEKEY.length);
      info[info.length - 1] = 1;
      infos[s.ordinal()] = info;
    }
    return infos;
  }

  private static byte[] withCounter(byte[] label) {
    byte[] info = Arrays.copyOf(label, label.length + 1);
    info[label.length] = 1;
    return info;
  }

  /** Suite id || message id || 0x01. */
  private static byte[] nonCommittingInfo(AlgorithmSuite suite, byte[] messageId) {
    byte[] info = new byte[2 + messageId.length + 1];
    info[0] = (byte) (suite.id() >>> 8);
    info[1] = (byte) suite.id();
    System.arraycopy(messageId, 0, info, 2, messageId.length);
    info[info.length - 1] = 1;
    return info;
  }
}
