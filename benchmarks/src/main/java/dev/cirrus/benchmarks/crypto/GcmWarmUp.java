package dev.cirrus.benchmarks.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the JDK's AES-GCM path for large calls hot before a trial measures it, so that a benchmark whose
 * GCM calls are 64 KiB or longer measures the JIT-compiled path in a short run as in a long one.
 *
 * <p>Why it is needed (measured on JDK 17.0.15 and 25, AVX-512 VAES, thread CPU time per 1 MiB {@code
 * doFinal}): HotSpot applies the AES-GCM intrinsics only at call sites inside C2-compiled callers. On JDK
 * 17 the SunJCE GCM has no combined intrinsic: a call of 64 KiB or more is cut into six parts, each one
 * {@code GCTR.update} (AES-CTR intrinsic) and one {@code GHASH.update} (CLMUL intrinsic); on JDK 25 the
 * combined AES-GCM intrinsic is called from {@code GaloisCounterMode.implGCMCrypt}, once per call of up to
 * 1 MiB. Either caller runs a handful of times per 1 MiB call, so it reaches C2 (about 5,000 invocations)
 * only after about 700 calls, some 10 s; until then the interpreter or C1 runs the pure-Java fallback
 * ({@code GHASH.blockMult}), about 13 ms per MiB (80 MB/s) against 0.22 ms (JDK 17) and 0.11 ms (JDK 25)
 * once compiled. Warming with calls shorter than 64 KiB does not help: it compiles a {@code
 * GCMEncrypt.doFinal} whose profile never took the large-call branch, and the first 1 MiB call
 * deoptimises it and the GHASH/GCTR code compiled with it, back to the slow path.
 *
 * <p>The warm-up runs {@value #CALLS} encrypt and decrypt calls of {@value #CALL_BYTES} bytes (above the
 * 64 KiB threshold, so the same code path as any larger call) with its own key and cipher of the
 * benchmark's provider, about 1.5 s; the benchmark's own cipher, key and IV sequence are not touched.
 * The measured operation itself is unchanged.
 */
final class GcmWarmUp {
  /** The JDK's threshold (SunJCE {@code TRIGGERLEN}) from which a GCM call takes the large-call path. */
  static final int LARGE_CALL_BYTES = 65536;

  static final int CALL_BYTES = 98304;
  static final int CALLS = 10000;

  private GcmWarmUp() {}

  /**
   * Warms the large-call path if {@code largestCallBytes} reaches {@link #LARGE_CALL_BYTES}, else does
   * nothing (short calls reach C2 within a normal JMH warm-up).
   *
   * @param provider the provider the benchmark measures, or null for the JDK's default
   * @param largestCallBytes the longest single GCM call the measured operation makes
   */
  static void ifLargeCalls(Provider provider, int largestCallBytes) throws GeneralSecurityException {
    if (largestCallBytes < LARGE_CALL_BYTES) {
      return;
    }
    Cipher cipher =
        provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
    byte[] keyBytes = new byte[32];
    keyBytes[0] = 1;
    SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
    byte[] plaintext = new byte[CALL_BYTES];
    byte[] ciphertext = new byte[CALL_BYTES + 16];
    byte[] decrypted = new byte[CALL_BYTES];
    byte[] iv = new byte[12];
    for (int i = 0; i < CALLS; i++) {
      iv[8] = (byte) (i >>> 8);
      iv[9] = (byte) i;
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      int n = cipher.doFinal(plaintext, 0, plaintext.length, ciphertext, 0);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.doFinal(ciphertext, 0, n, decrypted, 0);
    }
  }
}
