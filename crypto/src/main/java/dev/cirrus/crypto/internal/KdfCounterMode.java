package dev.cirrus.crypto.internal;

import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * NIST SP 800-108r1 key derivation in counter mode with HMAC-SHA256 as the PRF, as the AWS Cryptographic
 * Material Providers Library's {@code KdfCtr} computes it for the hierarchical keyring. Block {@code i}
 * (from 1) is {@code HMAC(key, [i]_32 || label || 0x00 || context || [L]_32)}, where {@code [x]_32} is a
 * big-endian 32-bit integer and {@code L} is the output length in bits; the output is the first {@code
 * length} bytes of the concatenated blocks. The counter comes first, before the fixed input data
 * ("CTRLOCATION=BEFORE_FIXED", r = 32 in the CAVP vocabulary). Thread-safe (stateless; the caller owns the Mac).
 */
public final class KdfCounterMode {
  /** The PRF's JCA name. */
  public static final String HMAC_SHA256 = "HmacSHA256";
  private static final int BLOCK_BYTES = 32;

  private KdfCounterMode() {}

  /**
   * Derives {@code length} bytes.
   *
   * @param mac an HMAC-SHA256 instance, re-initialised here with {@code key} (and left so)
   * @param key the key derivation key, not empty
   * @param label the label ("purpose")
   * @param context the context (the MPL's "nonce"; the hierarchical keyring's salt)
   * @param length output length in bytes, 1 to 2^28 - 1 (so that L in bits fits in 32 bits)
   * @return a new array the caller must wipe
   * @throws IllegalArgumentException if {@code length} or {@code key} is out of range
   */
  public static byte[] derive(Mac mac, byte[] key, byte[] label, byte[] context, int length) {
    if (length < 1 || length >= (1 << 28)) {
      throw new IllegalArgumentException("length must be between 1 and " + ((1 << 28) - 1) + " bytes, was " + length);
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
    try {
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 rejected the key derivation key", e);
    }
    byte[] lengthBits = new byte[4];
    Wire.putU32(lengthBits, 0, length * 8L);
    byte[] out = new byte[length];
    byte[] counter = new byte[4];
    byte[] block = new byte[BLOCK_BYTES];
    try {
      for (int i = 1, off = 0; off < length; i++, off += BLOCK_BYTES) {
        Wire.putU32(counter, 0, i);
        mac.update(counter);
        mac.update(label);
        mac.update((byte) 0);
        mac.update(context);
        mac.update(lengthBits);
        mac.doFinal(block, 0);
        System.arraycopy(block, 0, out, off, Math.min(BLOCK_BYTES, length - off));
      }
      return out;
    } catch (javax.crypto.ShortBufferException e) {
      Arrays.fill(out, (byte) 0);
      throw new IllegalStateException("HMAC-SHA256 output is not " + BLOCK_BYTES + " bytes", e);
    } finally {
      Arrays.fill(block, (byte) 0);
    }
  }
}
